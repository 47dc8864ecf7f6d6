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
            Sorted("org.create", "org.read", "org.member.read", "org.member.write", "user.read", "user.write", "user.delete", "policy.read", "policy.write", "policy.delete",
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
    public void ORG_USER_MANAGER_has_exactly_user_read_write_delete_and_policy_read()
    {
        Assert.Equal(
            Sorted(Permissions.UserRead, Permissions.UserWrite, Permissions.UserDelete, Permissions.PolicyRead),
            Granted(Roles.OrgUserManager));
    }

    [Fact]
    public void ORG_OWNER_VIEWER_is_read_only()
    {
        var granted = Granted(Roles.OrgOwnerViewer);

        Assert.Equal(Sorted(Permissions.OrgRead, Permissions.OrgMemberRead, Permissions.UserRead, Permissions.PolicyRead), granted);
        Assert.All(granted, p => Assert.EndsWith(".read", p, StringComparison.Ordinal));
    }

    [Fact]
    public void Several_roles_grant_the_union()
    {
        Assert.Equal(
            Sorted(Permissions.OrgRead, Permissions.OrgMemberRead, Permissions.UserRead, Permissions.UserWrite, Permissions.UserDelete, Permissions.PolicyRead),
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
    public void Org_roles_are_the_three_org_roles()
    {
        Assert.Equal(
            Sorted(Roles.OrgOwner, Roles.OrgUserManager, Roles.OrgOwnerViewer),
            Sorted([.. Roles.OrgRoles]));
        Assert.DoesNotContain(Roles.IamOwner, Roles.OrgRoles);
    }

    [Fact]
    public void Null_roles_are_refused()
    {
        Assert.Throws<ArgumentNullException>(() => Roles.Grant(null!, Permissions.UserRead));
    }
}
