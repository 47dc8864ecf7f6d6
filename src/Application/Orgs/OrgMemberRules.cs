using System.Linq.Expressions;
using FluentValidation;
using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Domain.Access;
using Identity.Domain.Common;
using Identity.Domain.Organizations;
using Identity.Domain.Users;

namespace Identity.Application.Orgs;

/// <summary>
/// What UpdateOrgMember and RemoveOrgMember check beyond the permission and the target rule: the member
/// exists, the caller may grant the roles it gives (<see cref="Roles.MayGrant"/>), and an active ORG_OWNER
/// stays in the org.
/// </summary>
internal sealed class OrgMemberRules(RequestContext context, IMembershipRepository memberships, IUserRepository users)
{
    /// <summary>The org's memberships (tracked) and the one of <paramref name="userId"/>; MEMBER-NotFound without one.</summary>
    public async Task<(IReadOnlyList<Membership> All, Membership Member)> FindAsync(Organization org, string userId, CancellationToken cancellationToken)
    {
        var all = await memberships.ListInScopeAsync(org.Id.Value, cancellationToken).ConfigureAwait(false);
        var member = all.FirstOrDefault(m => string.Equals(m.UserId.Value, userId, StringComparison.Ordinal))
            ?? throw new DomainException(Errors.Member.NotFound, "The user is not a member of this organization");
        await EnsureCallerOutranksAsync(member.UserId, cancellationToken).ConfigureAwait(false);
        return (all, member);
    }

    /// <summary>
    /// The target rule for a member of any org: the pipeline's target behaviour checks users of the tenant only,
    /// but a member may be a user of another org (e.g. an IAM_OWNER who created the org), so it is checked here too.
    /// </summary>
    private async Task EnsureCallerOutranksAsync(UserId memberId, CancellationToken cancellationToken)
    {
        var caller = context.RequireCaller();
        if (caller.IsSystem || caller.UserId == memberId)
        {
            return;
        }

        var target = await memberships.ListOfUserAsync(memberId, cancellationToken).ConfigureAwait(false);
        var held = await memberships.ListOfUserAsync(caller.UserId, cancellationToken).ConfigureAwait(false);
        if (!Roles.Outranks(held, target))
        {
            throw new DomainException(Errors.Auth.TargetOutranksCaller, "The user holds permissions that the caller does not have");
        }
    }

    /// <summary>MEMBER-RoleAboveCaller unless the caller's roles in the org (and its instance roles) grant all that <paramref name="roles"/> grant.</summary>
    public async Task EnsureMayGrantAsync(Organization org, IReadOnlyCollection<string> roles, CancellationToken cancellationToken)
    {
        var caller = context.RequireCaller();
        if (caller.IsSystem)
        {
            return;
        }

        // a role that is no org role is refused by the org (MEMBER-RoleInvalid), not here
        var granted = roles.Where(Roles.OrgRoles.Contains).ToList();
        var held = await memberships.GetRolesAsync(caller.UserId, [Membership.InstanceScope, org.Id.Value], cancellationToken).ConfigureAwait(false);
        if (!Roles.MayGrant(held, granted))
        {
            throw new DomainException(Errors.Member.RoleAboveCaller, "The roles grant permissions that the caller does not have in this organization");
        }
    }

    /// <summary>
    /// MEMBER-LastOwner when <paramref name="member"/> is an ORG_OWNER, will not be one afterwards, and no other
    /// active user is. Every owner membership is touched, so that two transactions demoting the last two owners at
    /// once cannot both commit (the second meets a concurrency conflict, is retried and then sees the first).
    /// </summary>
    public async Task EnsureAnOwnerStaysAsync(IReadOnlyList<Membership> all, Membership member, bool staysOwner, CancellationToken cancellationToken)
    {
        var owners = all.Where(m => m.Roles.Contains(Roles.OrgOwner, StringComparer.Ordinal)).ToList();
        if (staysOwner || !owners.Contains(member))
        {
            return;
        }

        var others = owners.Where(m => m != member).Select(m => m.UserId).ToList();
        var activeOthers = others.Count == 0 ? 0 : (await users.FindManyAsync(others, cancellationToken).ConfigureAwait(false)).Count(u => u.State == UserState.Active);
        if (activeOthers == 0)
        {
            throw new DomainException(Errors.Member.LastOwner, "The last active ORG_OWNER of the organization cannot be removed or lose the role");
        }

        owners.ForEach(m => m.Touch());
    }
}

/// <summary>The validation rules of a member request's user id and roles (AddOrgMember, UpdateOrgMember).</summary>
internal static class OrgMemberValidation
{
    public static void UserAndRoles<T>(AbstractValidator<T> validator, Expression<Func<T, string>> userId, Expression<Func<T, IEnumerable<string>>> roles)
    {
        ArgumentNullException.ThrowIfNull(validator);
        validator.RuleFor(userId).CodePoints(1, 200, Errors.Member.UserIdInvalid, "user_id");
        validator.RuleFor(userId).AllowedText("user_id");
        validator.RuleFor(roles).NotEmpty().WithErrorCode(Errors.Member.RolesRequired).WithMessage("roles must name at least one role").OverridePropertyName("roles");
        validator.RuleForEach(roles).Must(Roles.OrgRoles.Contains).WithErrorCode(Errors.Member.RoleInvalid)
            .WithMessage((_, role) => $"'{role}' is not an org role; use {string.Join(", ", Roles.OrgRolesInOrder)}")
            .OverridePropertyName("roles");
    }
}
