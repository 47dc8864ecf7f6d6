using Identity.Application.Abstractions;
using Identity.Domain.Access;
using Identity.Domain.Common;
using Identity.Domain.Users;
using MediatR;

namespace Identity.Application.Common.Behaviours;

/// <summary>
/// No escalation through the target: a command that acts on a user (<see cref="ITargetsUser"/>) is
/// refused unless, in every scope where the target holds roles, the caller's permissions include the
/// target's (<see cref="Roles.Outranks"/>). It runs after validation, so the id has a valid shape. A
/// target that is not a live user of the tenant is left to the handler, which answers NotFound exactly
/// as for an unknown id, so a caller learns nothing about users of other orgs.
/// </summary>
internal sealed class TargetUserBehaviour<TRequest, TResponse>(RequestContext context, IUserRepository users, IMembershipRepository memberships)
    : IPipelineBehavior<TRequest, TResponse>
    where TRequest : IRequest<TResponse>
{

    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (request is ITargetsUser targeted && !context.RequireCaller().IsSystem)
        {
            var caller = context.RequireCaller();
            var target = await users.GetAsync(context.RequireTenant().Id, new UserId(targeted.TargetUserId), cancellationToken).ConfigureAwait(false);
            if (target is not null && target.State != UserState.Removed && target.Id != caller.UserId)
            {
                var targetRoles = await memberships.ListOfUserAsync(target.Id, cancellationToken).ConfigureAwait(false);
                var callerRoles = targetRoles.Count == 0 ? [] : await memberships.ListOfUserAsync(caller.UserId, cancellationToken).ConfigureAwait(false);
                if (!Roles.Outranks(callerRoles, targetRoles))
                {
                    throw new DomainException(Errors.Auth.TargetOutranksCaller, "The user holds permissions that the caller does not have");
                }
            }
        }

        return await next().ConfigureAwait(false);
    }
}
