using System.Reflection;
using Identity.Domain.Access;

namespace Identity.Domain.Tests;

public class RolesTests
{
    /// <summary>Every permission constant, read from <see cref="Permissions"/> so that a new one cannot be forgotten here.</summary>
    private static readonly string[] AllPermissions =
    [
        .. typeof(Permissions).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!),
    ];

    private static string[] Granted(params string[] roles) =>
        [.. AllPermissions.Where(p => Roles.Grant(roles, p)).Order(StringComparer.Ordinal)];

    private static string[] Sorted(params string[] permissions) => [.. permissions.Order(StringComparer.Ordinal)];

    [Fact]
    public void The_permission_list_is_complete()
    {
        Assert.Equal(
            Sorted("org.create", "org.read", "org.member.read", "org.member.write", "org.member.delete", "user.read", "user.write", "user.delete", "user.global.read", "policy.read", "policy.write", "policy.delete",
                "session.read", "session.write", "session.delete"),
            Sorted(AllPermissions));
    }

    [Fact]
    public void IAM_OWNER_has_every_permission()
    {
        Assert.Equal(Sorted(AllPermissions), Granted(Roles.IamOwner));
        Assert.True(Roles.Grant([Roles.IamOwner], Permissions.OrgCreate));
    }

    [Fact]
    public void ORG_OWNER_has_every_permission_but_org_create_and_the_instance_wide_sessions()
    {
        Assert.Equal(Sorted([.. AllPermissions.Where(p => p != Permissions.OrgCreate && !p.StartsWith("session.", StringComparison.Ordinal))]), Granted(Roles.OrgOwner));
        Assert.False(Roles.Grant([Roles.OrgOwner], Permissions.OrgCreate));
        Assert.False(Roles.Grant([Roles.OrgOwner], Permissions.SessionWrite));
    }

    [Fact]
    public void ORG_USER_MANAGER_has_exactly_org_read_user_read_write_delete_global_read_and_policy_read()
    {
        Assert.Equal(
            Sorted(Permissions.OrgRead, Permissions.UserRead, Permissions.UserWrite, Permissions.UserDelete, Permissions.UserGlobalRead, Permissions.PolicyRead),
            Granted(Roles.OrgUserManager));
    }

    /// <summary>Upstream's default mapping, cut down to the permissions this module checks.</summary>
    [Theory]
    [InlineData(Roles.OrgSettingsManager, new[] { Permissions.OrgRead, Permissions.OrgMemberRead, Permissions.PolicyRead, Permissions.PolicyWrite, Permissions.PolicyDelete })]
    [InlineData(Roles.OrgUserPermissionEditor, new[] { Permissions.OrgRead, Permissions.OrgMemberRead, Permissions.UserRead, Permissions.UserGlobalRead, Permissions.PolicyRead })]
    [InlineData(Roles.OrgProjectPermissionEditor, new[] { Permissions.OrgRead, Permissions.OrgMemberRead, Permissions.UserRead, Permissions.UserGlobalRead, Permissions.PolicyRead })]
    [InlineData(Roles.OrgProjectCreator, new[] { Permissions.UserGlobalRead, Permissions.PolicyRead })]
    [InlineData(Roles.OrgUserSelfManager, new[] { Permissions.PolicyRead })]
    [InlineData(Roles.SelfManagementGlobal, new[] { Permissions.PolicyRead })]
    [InlineData(Roles.OrgAdminImpersonator, new string[0])]
    [InlineData(Roles.OrgEndUserImpersonator, new string[0])]
    public void The_other_org_roles_grant_what_upstream_gives_them_of_what_is_served(string role, string[] permissions)
    {
        Assert.Equal(Sorted(permissions), Granted(role));
    }

    [Fact]
    public void An_org_owner_may_grant_every_org_role_and_no_other_org_role_may_grant_an_owner()
    {
        Assert.All(Roles.OrgRolesInOrder, role => Assert.True(Roles.MayGrant([Roles.OrgOwner], [role]), role));
        Assert.All(Roles.OrgRolesInOrder.Where(r => r != Roles.OrgOwner), role => Assert.False(Roles.MayGrant([role], [Roles.OrgOwner]), role));
        Assert.False(Roles.MayGrant([Roles.OrgSettingsManager], [Roles.OrgUserManager]));
        Assert.True(Roles.MayGrant([Roles.OrgSettingsManager, Roles.OrgUserManager], [Roles.OrgOwnerViewer, Roles.OrgUserManager]));
        Assert.True(Roles.MayGrant([], [Roles.OrgAdminImpersonator]));
        Assert.False(Roles.MayGrant([Roles.OrgOwner], [Roles.IamOwner]));
    }

    [Fact]
    public void ORG_OWNER_VIEWER_is_read_only()
    {
        var granted = Granted(Roles.OrgOwnerViewer);

        Assert.Equal(Sorted(Permissions.OrgRead, Permissions.OrgMemberRead, Permissions.UserRead, Permissions.UserGlobalRead, Permissions.PolicyRead), granted);
        Assert.All(granted, p => Assert.EndsWith(".read", p, StringComparison.Ordinal));
    }

    [Fact]
    public void Several_roles_grant_the_union()
    {
        Assert.Equal(
            Sorted(Permissions.OrgRead, Permissions.OrgMemberRead, Permissions.UserRead, Permissions.UserWrite, Permissions.UserDelete, Permissions.UserGlobalRead, Permissions.PolicyRead),
            Granted(Roles.OrgOwnerViewer, Roles.OrgUserManager));
    }

    [Theory]
    [InlineData("iam_owner")]
    [InlineData("ORG_ADMIN")]
    [InlineData("")]
    public void Unknown_or_differently_cased_roles_grant_nothing(string role)
    {
        Assert.Empty(Granted(role));
    }

    [Fact]
    public void No_roles_grant_nothing()
    {
        Assert.Empty(Granted());
    }

    [Fact]
    public void Unknown_permission_is_never_granted()
    {
        Assert.False(Roles.Grant([Roles.IamOwner], "everything"));
        Assert.False(Roles.Grant([Roles.IamOwner], "USER.WRITE"));
    }

    [Fact]
    public void Org_roles_are_upstreams_eleven_in_its_order()
    {
        Assert.Equal(
            ["SELF_MANAGEMENT_GLOBAL", "ORG_OWNER", "ORG_USER_MANAGER", "ORG_OWNER_VIEWER", "ORG_SETTINGS_MANAGER", "ORG_USER_PERMISSION_EDITOR",
                "ORG_PROJECT_PERMISSION_EDITOR", "ORG_PROJECT_CREATOR", "ORG_USER_SELF_MANAGER", "ORG_ADMIN_IMPERSONATOR", "ORG_END_USER_IMPERSONATOR"],
            Roles.OrgRolesInOrder);
        Assert.Equal(Sorted([.. Roles.OrgRolesInOrder]), Sorted([.. Roles.OrgRoles]));
        Assert.DoesNotContain(Roles.IamOwner, Roles.OrgRoles);
    }

    [Fact]
    public void Null_roles_are_refused()
    {
        Assert.Throws<ArgumentNullException>(() => Roles.Grant(null!, Permissions.UserRead));
    }
}
