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
        ChangedAt = createdAt;
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

    /// <summary>The org's sequence after the membership's last change (0 for instance memberships).</summary>
    public long Sequence { get; private set; }

    /// <summary>When the roles were last set.</summary>
    public DateTimeOffset ChangedAt { get; private set; }

    /// <summary>Records the change that the org's event of <paramref name="sequence"/> describes.</summary>
    public void Stamp(long sequence, DateTimeOffset at)
    {
        Sequence = sequence;
        ChangedAt = at;
    }

    /// <summary>
    /// Optimistic-concurrency token. <see cref="Touch"/> raises it so that two transactions deciding on
    /// the same set of memberships (e.g. "is another IAM_OWNER left?") cannot both commit.
    /// </summary>
    public long Version { get; private set; }

    public void Touch() => Version++;

    public static Membership ForOrg(OrgId orgId, UserId userId, IReadOnlyList<string> roles, DateTimeOffset now) =>
        new(orgId.Value, userId, OrgRoles(roles), now);

    /// <summary>
    /// UpdateOrgMember: the whole list of org roles is replaced. False (nothing changed) when the member
    /// already holds exactly these roles.
    /// </summary>
    public bool ReplaceOrgRoles(IReadOnlyList<string> roles)
    {
        if (Scope == InstanceScope)
        {
            throw new InvalidOperationException("Instance roles are not replaced through an org membership.");
        }

        var replacement = OrgRoles(roles);
        if (replacement.ToHashSet(StringComparer.Ordinal).SetEquals(Roles))
        {
            return false;
        }

        Roles = replacement;
        Touch();
        return true;
    }

    /// <summary>One or more org roles, each once; anything else is MEMBER-RoleInvalid.</summary>
    private static List<string> OrgRoles(IReadOnlyList<string> roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        if (roles.Count == 0 || roles.Any(r => !Access.Roles.OrgRoles.Contains(r)))
        {
            throw new DomainException(Errors.Member.RoleInvalid, "Roles must be one or more of " + string.Join(", ", Access.Roles.OrgRolesInOrder));
        }

        return roles.Distinct(StringComparer.Ordinal).ToList();
    }

    public static Membership ForInstance(UserId userId, DateTimeOffset now) =>
        new(InstanceScope, userId, [Access.Roles.IamOwner], now);
}
