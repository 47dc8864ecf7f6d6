using Identity.Domain.Access;
using Identity.Domain.Common;

namespace Identity.Domain.Tests;

public class MembershipTests
{
    private static readonly UserId Member = new("42");

    [Theory]
    [InlineData(Roles.OrgOwner)]
    [InlineData(Roles.OrgUserManager)]
    [InlineData(Roles.OrgOwnerViewer)]
    public void ForOrg_accepts_each_org_role(string role)
    {
        var membership = Membership.ForOrg(TestData.Org, Member, [role], TestData.Now);

        Assert.Equal(TestData.Org.Value, membership.Scope);
        Assert.Equal(Member, membership.UserId);
        Assert.Equal([role], membership.Roles);
        Assert.Equal(TestData.Now, membership.CreatedAt);
    }

    [Fact]
    public void ForOrg_removes_duplicate_roles()
    {
        var membership = Membership.ForOrg(TestData.Org, Member, [Roles.OrgOwner, Roles.OrgOwnerViewer, Roles.OrgOwner], TestData.Now);

        Assert.Equal([Roles.OrgOwner, Roles.OrgOwnerViewer], membership.Roles);
    }

    [Theory]
    [InlineData("ORG_ADMIN")]
    [InlineData("org_owner")] // role names are case-sensitive
    [InlineData(Roles.IamOwner)] // an instance role, not an org role
    [InlineData("")]
    public void ForOrg_refuses_an_unknown_role(string role)
    {
        var error = Assert.Throws<DomainException>(() => Membership.ForOrg(TestData.Org, Member, [role], TestData.Now));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Equal("MEMBER-RoleInvalid", error.Summary.Id);
    }

    [Fact]
    public void ForOrg_refuses_a_known_role_mixed_with_an_unknown_one()
    {
        var error = Assert.Throws<DomainException>(() => Membership.ForOrg(TestData.Org, Member, [Roles.OrgOwner, "SUPER_USER"], TestData.Now));

        Assert.Equal("MEMBER-RoleInvalid", error.Summary.Id);
    }

    [Fact]
    public void ForOrg_refuses_empty_roles()
    {
        var error = Assert.Throws<DomainException>(() => Membership.ForOrg(TestData.Org, Member, [], TestData.Now));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Equal("MEMBER-RoleInvalid", error.Summary.Id);
    }

    [Fact]
    public void ForOrg_refuses_null_roles()
    {
        Assert.Throws<ArgumentNullException>(() => Membership.ForOrg(TestData.Org, Member, null!, TestData.Now));
    }

    [Fact]
    public void ForInstance_gives_IAM_OWNER_in_the_instance_scope()
    {
        var membership = Membership.ForInstance(Member, TestData.Now);

        Assert.Equal(Membership.InstanceScope, membership.Scope);
        Assert.Equal([Roles.IamOwner], membership.Roles);
        Assert.Equal(Member, membership.UserId);
        Assert.Equal(TestData.Now, membership.CreatedAt);
    }

    [Fact]
    public void Membership_copies_the_roles_it_is_given()
    {
        var roles = new List<string> { Roles.OrgOwner };
        var membership = new Membership(TestData.Org.Value, Member, roles, TestData.Now);

        roles.Add(Roles.OrgUserManager);

        Assert.Equal([Roles.OrgOwner], membership.Roles);
    }
}
