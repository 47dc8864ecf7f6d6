namespace Identity.Domain.Access;

/// <summary>Permissions a request can demand (ZITADEL's names).</summary>
public static class Permissions
{
    public const string OrgCreate = "org.create";
    public const string OrgRead = "org.read";
    public const string OrgMemberRead = "org.member.read";
    public const string OrgMemberWrite = "org.member.write";
    public const string OrgMemberDelete = "org.member.delete";
    public const string UserRead = "user.read";
    public const string UserWrite = "user.write";
    public const string UserDelete = "user.delete";

    /// <summary>GetUserByLoginNameGlobal: find a user by login name over the orgs (what it may answer: see the handler).</summary>
    public const string UserGlobalRead = "user.global.read";
    public const string PolicyRead = "policy.read";
    public const string PolicyWrite = "policy.write";
    public const string PolicyDelete = "policy.delete";
    public const string SessionRead = "session.read";
    public const string SessionWrite = "session.write";
    public const string SessionDelete = "session.delete";
}

/// <summary>
/// What a request may demand instead of a permission: any authenticated caller (ZITADEL v2's
/// <c>authenticated</c>). No role grants it; the request's handler decides what the caller may see or do
/// (e.g. its own sessions, or a session whose token it shows).
/// </summary>
public static class AnyAuthenticatedCaller
{
    public const string Permission = "authenticated";
}

/// <summary>
/// The roles and the one table of what each role grants; the authorization behaviour reads it. Each org role
/// grants what upstream's default role mapping gives it of the permissions this module checks; a permission
/// there that concerns a feature not served here (projects, grants, IdPs, actions, impersonation, ...) grants
/// nothing, and <c>org.create</c> of SELF_MANAGEMENT_GLOBAL is left out because creating an org is an
/// instance-level call here (an org role cannot reach it).
/// </summary>
public static class Roles
{
    public const string IamOwner = "IAM_OWNER";
    public const string SelfManagementGlobal = "SELF_MANAGEMENT_GLOBAL";
    public const string OrgOwner = "ORG_OWNER";
    public const string OrgUserManager = "ORG_USER_MANAGER";
    public const string OrgOwnerViewer = "ORG_OWNER_VIEWER";
    public const string OrgSettingsManager = "ORG_SETTINGS_MANAGER";
    public const string OrgUserPermissionEditor = "ORG_USER_PERMISSION_EDITOR";
    public const string OrgProjectPermissionEditor = "ORG_PROJECT_PERMISSION_EDITOR";
    public const string OrgProjectCreator = "ORG_PROJECT_CREATOR";
    public const string OrgUserSelfManager = "ORG_USER_SELF_MANAGER";
    public const string OrgAdminImpersonator = "ORG_ADMIN_IMPERSONATOR";
    public const string OrgEndUserImpersonator = "ORG_END_USER_IMPERSONATOR";

    private static readonly Dictionary<string, HashSet<string>> Grants = new(StringComparer.Ordinal)
    {
        [IamOwner] =
        [
            Permissions.OrgCreate, Permissions.OrgRead, Permissions.OrgMemberRead, Permissions.OrgMemberWrite, Permissions.OrgMemberDelete,
            Permissions.UserRead, Permissions.UserWrite, Permissions.UserDelete, Permissions.UserGlobalRead,
            Permissions.PolicyRead, Permissions.PolicyWrite, Permissions.PolicyDelete,
            Permissions.SessionRead, Permissions.SessionWrite, Permissions.SessionDelete,
        ],
        [SelfManagementGlobal] = [Permissions.PolicyRead],
        [OrgOwner] =
        [
            Permissions.OrgRead, Permissions.OrgMemberRead, Permissions.OrgMemberWrite, Permissions.OrgMemberDelete,
            Permissions.UserRead, Permissions.UserWrite, Permissions.UserDelete, Permissions.UserGlobalRead,
            Permissions.PolicyRead, Permissions.PolicyWrite, Permissions.PolicyDelete,
        ],
        [OrgUserManager] = [Permissions.OrgRead, Permissions.UserRead, Permissions.UserWrite, Permissions.UserDelete, Permissions.UserGlobalRead, Permissions.PolicyRead],
        [OrgOwnerViewer] = [Permissions.OrgRead, Permissions.OrgMemberRead, Permissions.UserRead, Permissions.UserGlobalRead, Permissions.PolicyRead],
        [OrgSettingsManager] = [Permissions.OrgRead, Permissions.OrgMemberRead, Permissions.PolicyRead, Permissions.PolicyWrite, Permissions.PolicyDelete],
        [OrgUserPermissionEditor] = [Permissions.OrgRead, Permissions.OrgMemberRead, Permissions.UserRead, Permissions.UserGlobalRead, Permissions.PolicyRead],
        [OrgProjectPermissionEditor] = [Permissions.OrgRead, Permissions.OrgMemberRead, Permissions.UserRead, Permissions.UserGlobalRead, Permissions.PolicyRead],
        [OrgProjectCreator] = [Permissions.UserGlobalRead, Permissions.PolicyRead],
        [OrgUserSelfManager] = [Permissions.PolicyRead],
        [OrgAdminImpersonator] = [],
        [OrgEndUserImpersonator] = [],
    };

    /// <summary>The roles that can be held in an organization, in the order ListOrgMemberRoles answers them.</summary>
    public static IReadOnlyList<string> OrgRolesInOrder { get; } =
    [
        SelfManagementGlobal, OrgOwner, OrgUserManager, OrgOwnerViewer, OrgSettingsManager, OrgUserPermissionEditor,
        OrgProjectPermissionEditor, OrgProjectCreator, OrgUserSelfManager, OrgAdminImpersonator, OrgEndUserImpersonator,
    ];

    /// <summary>Roles that can be held in an organization.</summary>
    public static IReadOnlySet<string> OrgRoles { get; } = new HashSet<string>(OrgRolesInOrder, StringComparer.Ordinal);

    /// <summary>
    /// No escalation by granting: a caller may give (or take) roles only when its own roles grant every
    /// permission those roles grant.
    /// </summary>
    public static bool MayGrant(IEnumerable<string> callerRoles, IEnumerable<string> roles) =>
        PermissionsOf(callerRoles).IsSupersetOf(PermissionsOf(roles));

    public static bool Grant(IEnumerable<string> roles, string permission)
    {
        ArgumentNullException.ThrowIfNull(roles);
        return roles.Any(role => Grants.TryGetValue(role, out var permissions) && permissions.Contains(permission));
    }

    /// <summary>Every permission the roles grant together (unknown roles grant nothing).</summary>
    public static IReadOnlySet<string> PermissionsOf(IEnumerable<string> roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        var granted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var role in roles)
        {
            if (Grants.TryGetValue(role, out var permissions))
            {
                granted.UnionWith(permissions);
            }
        }

        return granted;
    }

    /// <summary>
    /// The no-escalation-through-the-target rule: in every scope where the target holds roles, the
    /// caller's permissions there (its roles in that scope plus its instance roles) must include all of
    /// the target's. So only an IAM_OWNER acts on an IAM_OWNER, and a user manager on plain users only.
    /// </summary>
    /// <param name="caller">The caller's memberships, in every scope.</param>
    /// <param name="target">The target's memberships, in every scope.</param>
    public static bool Outranks(IReadOnlyCollection<Membership> caller, IReadOnlyCollection<Membership> target)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(target);
        var instanceRoles = caller.Where(m => m.Scope == Membership.InstanceScope).SelectMany(m => m.Roles).ToList();
        foreach (var scope in target.GroupBy(m => m.Scope, StringComparer.Ordinal))
        {
            var needed = PermissionsOf(scope.SelectMany(m => m.Roles));
            var held = PermissionsOf(caller.Where(m => m.Scope == scope.Key).SelectMany(m => m.Roles).Concat(instanceRoles));
            if (!held.IsSupersetOf(needed))
            {
                return false;
            }
        }

        return true;
    }
}
