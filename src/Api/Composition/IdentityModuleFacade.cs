using Identity.Application.Common;
using Identity.Application.Events;
using Identity.Application;
using Identity.Domain.Common;
using Identity.Domain.Users;
using MediatR;

namespace Identity.Api.Composition;

/// <summary>
/// <see cref="IIdentityModule"/>: one module scope per request, the caller set as an authenticated
/// web call would set it, then the module's own mediator with its whole pipeline.
/// </summary>
internal sealed class IdentityModuleFacade(IdentityModuleServices module) : IIdentityModule
{
    public async Task<TResponse> SendAsync<TResponse>(IRequest<TResponse> request, ModuleCaller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(caller);
        var scope = module.CreateScope();
        await using (scope.ConfigureAwait(false))
        {
            var services = scope.ServiceProvider;
            var context = services.GetRequiredService<RequestContext>();
            context.Caller = caller.SystemName is { } name
                ? Caller.System(name)
                : await UserCallerAsync(services, caller.UserId!, cancellationToken).ConfigureAwait(false);
            context.RequestedOrgId = caller.OrgId;
            return await services.GetRequiredService<IMediator>().Send(request, cancellationToken).ConfigureAwait(false);
        }
    }

    public IDisposable Subscribe(string group, Func<IntegrationEvent, CancellationToken, Task> handler) =>
        module.Provider.GetRequiredService<IIntegrationEventSubscriptions>().Subscribe(group, handler);

    /// <summary>A user caller must be an active user, exactly as a token's user must be.</summary>
    private static async Task<Caller> UserCallerAsync(IServiceProvider services, string userId, CancellationToken cancellationToken)
    {
        var user = User.IsWellFormedId(userId)
            ? await services.GetRequiredService<Application.Abstractions.IUserRepository>().FindAsync(new UserId(userId), cancellationToken).ConfigureAwait(false)
            : null;
        return user is { State: UserState.Active }
            ? new Caller(user.Id, user.OrgId)
            : throw new DomainException(Errors.Auth.Unauthenticated, "The caller is not an active user");
    }
}
