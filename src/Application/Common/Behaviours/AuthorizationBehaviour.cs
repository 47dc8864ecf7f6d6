using Identity.Application.Abstractions;
using Identity.Application.Orgs;
using Identity.Application.Users;
using Identity.Domain.Access;
using Identity.Domain.Common;
using MediatR;

namespace Identity.Application.Common.Behaviours;

/// <summary>
/// docs/rules.md step 3: the caller must hold the request's permission in the resolved org, or at
/// instance level (IAM_OWNER). Requests that declare no permission are refused. A caller that holds
/// no role at all in an org other than its own is answered exactly as for an org that does not exist,
/// so <c>x-zitadel-orgid</c> cannot be used to learn which org ids exist. A request in the org of the user it
/// names (<see cref="ITenantFromUser"/>) answers NotFound instead when the caller holds no role there (not
/// even in its own org), exactly as for a user that does not exist; the caller may send one that allows it
/// about itself without the permission. A request across the orgs (<see cref="IAcrossOrgsRequest"/>) needs the
/// permission at instance level or in the caller's own org. The system caller (an in-process module acting as the system) holds
/// every permission.
/// </summary>
internal sealed class AuthorizationBehaviour<TRequest, TResponse>(RequestContext context, IMembershipRepository memberships)
    : IPipelineBehavior<TRequest, TResponse>
    where TRequest : IRequest<TResponse>
{

    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (request is not IAuthorizedRequest authorized)
        {
            throw new InvalidOperationException($"{typeof(TRequest).Name} declares no permission.");
        }

        var caller = context.RequireCaller();
        if (caller.IsSystem || authorized.Permission == AnyAuthenticatedCaller.Permission)
        {
            return await next().ConfigureAwait(false);
        }

        var tenant = request is IInstanceRequest ? null : context.RequireTenant();
        if (request is ITenantFromUser { SelfAllowed: true } self && string.Equals(self.UserId, caller.UserId.Value, StringComparison.Ordinal))
        {
            return await next().ConfigureAwait(false);
        }

        string[] scopes = tenant is not null ? [Membership.InstanceScope, tenant.Id.Value]
            : request is IAcrossOrgsRequest && caller.OrgId.Value.Length > 0 ? [Membership.InstanceScope, caller.OrgId.Value]
            : [Membership.InstanceScope];
        var roles = await memberships.GetRolesAsync(caller.UserId, scopes, cancellationToken).ConfigureAwait(false);
        if (request is ITenantFromUser && roles.Count == 0)
        {
            // the user's org is not named by the caller: a user where the caller holds no role is not known to it
            throw UserLookup.NotFound();
        }

        if (tenant is not null && roles.Count == 0 && tenant.Id != caller.OrgId)
        {
            throw TenantLookup.OrgNotFound();
        }

        if (!Roles.Grant(roles, authorized.Permission))
        {
            throw new DomainException(Errors.Auth.PermissionDenied, "No matching permissions found");
        }

        return await next().ConfigureAwait(false);
    }
}
