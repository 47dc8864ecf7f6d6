using Identity.Application.Orgs.AddOrgMember;
using Identity.Domain.Access;

namespace Identity.Application.Tests;

public class AddOrgMemberValidatorTests
{
    private static string[] Errors(string userId, params string[] roles) =>
        [.. new AddOrgMemberValidator().Validate(new AddOrgMemberCommand(userId, roles)).Errors.Select(e => e.ErrorCode)];

    [Theory]
    [InlineData(Roles.OrgOwner)]
    [InlineData(Roles.OrgUserManager)]
    [InlineData(Roles.OrgOwnerViewer)]
    public void Each_org_role_is_valid(string role)
    {
        Assert.Empty(Errors("1", role));
    }

    [Fact]
    public void Several_org_roles_are_valid()
    {
        Assert.Empty(Errors("1", Roles.OrgOwner, Roles.OrgUserManager, Roles.OrgOwnerViewer));
    }

    [Theory]
    [InlineData(Roles.IamOwner)]
    [InlineData("ORG_ADMIN")]
    [InlineData("org_owner")]
    [InlineData("")]
    public void Unknown_or_instance_role_is_invalid(string role)
    {
        Assert.Equal(["MEMBER-RoleInvalid"], Errors("1", role));
    }

    [Fact]
    public void Each_invalid_role_is_reported_and_names_the_role()
    {
        var result = new AddOrgMemberValidator().Validate(new AddOrgMemberCommand("1", [Roles.OrgOwner, "ORG_ADMIN", Roles.IamOwner]));

        Assert.Equal(["MEMBER-RoleInvalid", "MEMBER-RoleInvalid"], result.Errors.Select(e => e.ErrorCode));
        Assert.Contains("ORG_ADMIN", result.Errors[0].ErrorMessage, StringComparison.Ordinal);
        Assert.Contains(Roles.IamOwner, result.Errors[1].ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_roles_are_required()
    {
        Assert.Equal(["MEMBER-RolesRequired"], Errors("1"));
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    public void User_id_is_required(string? userId)
    {
        Assert.Equal(["MEMBER-UserIdInvalid"], Errors(userId!, Roles.OrgOwner));
    }

    [Fact]
    public void User_id_longer_than_200_is_invalid()
    {
        Assert.Empty(Errors(new string('1', 200), Roles.OrgOwner));
        Assert.Equal(["MEMBER-UserIdInvalid"], Errors(new string('1', 201), Roles.OrgOwner));
    }
}
