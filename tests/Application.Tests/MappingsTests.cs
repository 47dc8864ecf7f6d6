using Identity.Application.Common;
using Identity.Application.Users;
using Identity.Domain.Passwords;
using Identity.Domain.Users;
using Mapster;

namespace Identity.Application.Tests;

public class MappingsTests
{
    [Fact]
    public void User_details_carry_sequence_dates_and_owning_org()
    {
        var user = TestData.Human("1", TestData.OtherOrgId);
        user.SetInitialPassword(TestData.GoodPassword, new PasswordPolicy(PasswordComplexityPolicy.Default, null, false), _ => "h", TestData.Now, "9");

        var details = user.Details();

        Assert.Equal(new ObjectDetailsDto(2, TestData.Created, TestData.Now, TestData.OtherOrgId.Value), details);
    }

    [Fact]
    public void Org_details_carry_sequence_dates_and_the_org_itself_as_owner()
    {
        var org = TestData.Org(TestData.OtherOrgId);

        var details = org.Details();

        Assert.Equal(new ObjectDetailsDto(1, TestData.Created, TestData.Created, TestData.OtherOrgId.Value), details);
    }

    [Fact]
    public void Details_of_a_fresh_user_have_equal_creation_and_change_dates()
    {
        var details = TestData.Machine("2").Details();

        Assert.Equal(1, details.Sequence);
        Assert.Equal(TestData.Created, details.CreationDate);
        Assert.Equal(details.CreationDate, details.ChangeDate);
        Assert.Equal(TestData.OrgId.Value, details.ResourceOwner);
    }

    [Fact]
    public void Human_profile_maps_to_its_dto()
    {
        var profile = TestData.Profile();

        var dto = profile.Adapt<HumanProfileDto>(Mappings.Config);

        Assert.Equal(new HumanProfileDto("Alice", "Wonder", "Ali", "Alice Wonder", "en", Gender.Female), dto);
    }
}
