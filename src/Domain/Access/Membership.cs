using Identity.Domain.Common;

namespace Identity.Domain.Access;

/// <summary>
/// The roles a user holds in one scope: an organization, or the whole instance
/// (<see cref="InstanceScope"/>, for IAM_OWNER).
/// </summary>
public sealed class Membership
{
    public const string InstanceScope = "IAM";

    public Membership(string scope, UserId userId, IReadOnlyList<string> roles, DateTimeOffset createdAt)
    {
        ArgumentNullException.ThrowIfNull(roles);
        Scope = scope;
        UserId = userId;
        Roles = [.. roles];
        CreatedAt = createdAt;
    }

    private Membership()
    {
        Scope = string.Empty;
        Roles = [];
    }

    /// <summary>Org id, or <see cref="InstanceScope"/>.</summary>
    public string Scope { get; private set; }

    public UserId UserId { get; private set; }

    public List<string> Roles { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>
    /// Optimistic-concurrency token. <see cref="Touch"/> raises it so that two transactions deciding on
    /// the same set of memberships (e.g. "is another IAM_OWNER left?") cannot both commit.
    /// </summary>
    public long Version { get; private set; }

    public void Touch() => Version++;

    public static Membership ForOrg(OrgId orgId, UserId userId, IReadOnlyList<string> roles, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(roles);
        var unknown = roles.Where(r => !Access.Roles.OrgRoles.Contains(r)).ToList();
        if (roles.Count == 0 || unknown.Count > 0)
        {
            throw new DomainException(Errors.Member.RoleInvalid, "Roles must be one or more of " + string.Join(", ", Access.Roles.OrgRoles.Order(StringComparer.Ordinal)));
        }

        return new Membership(orgId.Value, userId, roles.Distinct(StringComparer.Ordinal).ToList(), now);
    }

    public static Membership ForInstance(UserId userId, DateTimeOffset now) =>
        new(InstanceScope, userId, [Access.Roles.IamOwner], now);
}
