using Identity.Application.Abstractions;
using Identity.Domain.Access;
using Identity.Domain.Common;
using MediatR;

namespace Identity.Application.Common.Behaviours;

/// <summary>
/// rules.md step 3: the caller must hold the request's permission in the resolved org, or at
/// instance level (IAM_OWNER). Requests that declare no permission are refused.
/// </summary>
public sealed class AuthorizationBehaviour<TRequest, TResponse>(RequestContext context, IMembershipRepository memberships)
    : IPipelineBehavior<TRequest, TResponse>
    where TRequest : IRequest<TResponse>
{
    public const string DeniedId = "AUTH-PermissionDenied";

    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (request is not IAuthorizedRequest authorized)
        {
            throw new InvalidOperationException($"{typeof(TRequest).Name} declares no permission.");
        }

        var caller = context.RequireCaller();
        string[] scopes = request is IInstanceRequest
            ? [Membership.InstanceScope]
            : [Membership.InstanceScope, context.RequireTenant().Id.Value];
        var roles = await memberships.GetRolesAsync(caller.UserId, scopes, cancellationToken).ConfigureAwait(false);
        if (!Roles.Grant(roles, authorized.Permission))
        {
            throw DomainException.Denied(DeniedId, "No matching permissions found");
        }

        return await next().ConfigureAwait(false);
    }
}
