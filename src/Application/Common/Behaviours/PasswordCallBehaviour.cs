using Identity.Application.Abstractions;
using MediatR;

namespace Identity.Application.Common.Behaviours;

/// <summary>
/// Admits a request that sets a password (<see cref="IPasswordRequest"/>) through the
/// <see cref="IPasswordCallGate"/>, keyed by the authenticated caller and the resolved tenant, and holds
/// the lease while the unit of work and the handler (where the hash happens) run. It sits after tenant,
/// authorization and validation, so only authenticated, authorized, valid requests ever wait for or hold
/// a hashing slot; a refusal leaves before any hash or database write.
/// </summary>
internal sealed class PasswordCallBehaviour<TRequest, TResponse>(RequestContext context, IPasswordCallGate gate)
    : IPipelineBehavior<TRequest, TResponse>
    where TRequest : IRequest<TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (request is not IPasswordRequest { SetsPassword: true })
        {
            return await next().ConfigureAwait(false);
        }

        var caller = context.RequireCaller();
        using var lease = await gate.EnterAsync(caller.UserId, context.RequireTenant().Id, cancellationToken).ConfigureAwait(false);
        return await next().ConfigureAwait(false);
    }
}
