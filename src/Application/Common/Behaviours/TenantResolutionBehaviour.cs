using FluentValidation;
using Identity.Application.Abstractions;
using Identity.Application.Orgs;
using Identity.Application.Users;
using Identity.Domain.Common;
using Identity.Domain.Users;
using MediatR;

namespace Identity.Application.Common.Behaviours;

/// <summary>
/// docs/rules.md step 2: the org named by <c>x-zitadel-orgid</c>, else the caller's own org, must exist
/// and not be removed; it becomes the request's tenant. A request of the v2 services (<see cref="ITenantFromUser"/>)
/// acts in the org of the user it names instead, whatever the header says.
/// </summary>
internal sealed class TenantResolutionBehaviour<TRequest, TResponse>(
    RequestContext context,
    IOrganizationRepository organizations,
    IUserRepository users,
    IEnumerable<IValidator<TRequest>> validators)
    : IPipelineBehavior<TRequest, TResponse>
    where TRequest : IRequest<TResponse>
{

    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (request is IInstanceRequest)
        {
            return await next().ConfigureAwait(false);
        }

        var caller = context.RequireCaller();
        if (request is ITenantFromUser fromUser)
        {
            context.Tenant = await UserOrgAsync(request, fromUser.UserId, cancellationToken).ConfigureAwait(false);
            return await next().ConfigureAwait(false);
        }

        var orgId = string.IsNullOrWhiteSpace(context.RequestedOrgId) ? caller.OrgId : new OrgId(context.RequestedOrgId.Trim());
        if (orgId.Value.Length == 0)
        {
            throw new DomainException(Errors.Auth.OrgRequired, "A system caller must name the org the request acts in");
        }

        var org = await organizations.GetAsync(orgId, cancellationToken).ConfigureAwait(false);
        if (org is null || !org.IsUsable)
        {
            throw TenantLookup.OrgNotFound();
        }

        context.Tenant = org;
        return await next().ConfigureAwait(false);
    }

    /// <summary>
    /// The org of the named user. The id is validated first (the validation behaviour runs only after
    /// authorization, which needs this org), so a malformed id answers 400 as it would anywhere else and
    /// never reaches the database. An unknown or removed user, and a user of an unusable org, answer NotFound.
    /// </summary>
    private async Task<Domain.Organizations.Organization> UserOrgAsync(TRequest request, string userId, CancellationToken cancellationToken)
    {
        await RequestValidation.ValidateAsync(validators, request, cancellationToken).ConfigureAwait(false);
        var user = User.IsWellFormedId(userId)
            ? await users.FindAsync(new UserId(userId), cancellationToken).ConfigureAwait(false)
            : null;
        if (user is null || user.State == UserState.Removed)
        {
            throw UserLookup.NotFound();
        }

        var org = await organizations.GetAsync(user.OrgId, cancellationToken).ConfigureAwait(false);
        return org is { IsUsable: true } ? org : throw UserLookup.NotFound();
    }
}
