using Identity.Application.Common;
using Identity.Application.Users.GetUserById;
using Identity.Domain.Common;
using Identity.Domain.Users;

namespace Identity.Application.Tests;

public class GetUserByIdHandlerTests
{
    private readonly RequestContext _context = TestData.Context(TestData.Org());

    [Fact]
    public async Task Human_user_is_returned_with_login_name_user_at_primary_domain()
    {
        var users = TestData.Users(() => TestData.Human("1", userName: "alice"));

        var dto = await new GetUserByIdHandler(_context, users).Handle(new GetUserByIdQuery("1"), CancellationToken.None);

        Assert.Equal("1", dto.Id);
        Assert.Equal("alice", dto.UserName);
        Assert.Equal("alice@acme.acme.localhost", dto.PreferredLoginName);
        Assert.Equal(["alice@acme.acme.localhost"], dto.LoginNames);
        Assert.Equal(UserState.Initial, dto.State);
        Assert.Null(dto.Machine);
        Assert.NotNull(dto.Human);
        Assert.Equal("Alice", dto.Human.Profile.FirstName);
        Assert.Equal("Wonder", dto.Human.Profile.LastName);
        Assert.Equal("Ali", dto.Human.Profile.NickName);
        Assert.Equal("Alice Wonder", dto.Human.Profile.DisplayName);
        Assert.Equal("en", dto.Human.Profile.PreferredLanguage);
        Assert.Equal(Gender.Female, dto.Human.Profile.Gender);
        Assert.Equal("alice.w@example.com", dto.Human.Email);
        Assert.True(dto.Human.IsEmailVerified);
        Assert.Equal("+41000000000", dto.Human.Phone);
        Assert.Null(dto.Human.PasswordChanged);
        Assert.Equal(new ObjectDetailsDto(1, TestData.Created, TestData.Created, "100"), dto.Details);
    }

    [Fact]
    public async Task Machine_user_is_returned_with_its_machine_part()
    {
        var users = TestData.Users(() => TestData.Machine("2"));

        var dto = await new GetUserByIdHandler(_context, users).Handle(new GetUserByIdQuery("2"), CancellationToken.None);

        Assert.Null(dto.Human);
        Assert.NotNull(dto.Machine);
        Assert.Equal("Robot", dto.Machine.Name);
        Assert.Equal("automation", dto.Machine.Description);
        Assert.Equal(AccessTokenType.Bearer, dto.Machine.AccessTokenType);
        Assert.Equal("robot@acme.acme.localhost", dto.PreferredLoginName);
    }

    [Fact]
    public async Task Absent_user_is_not_found()
    {
        var users = TestData.Users(() => TestData.Human("1"));

        var error = await Assert.ThrowsAsync<DomainException>(() => new GetUserByIdHandler(_context, users).Handle(new GetUserByIdQuery("9"), CancellationToken.None));

        Assert.Equal(ErrorKind.NotFound, error.Kind);
        Assert.Equal("USER-NotFound", error.Summary.Id);
    }

    [Fact]
    public async Task User_of_another_org_is_not_found()
    {
        var users = TestData.Users(() => TestData.Human("1", TestData.OtherOrgId));

        var error = await Assert.ThrowsAsync<DomainException>(() => new GetUserByIdHandler(_context, users).Handle(new GetUserByIdQuery("1"), CancellationToken.None));

        Assert.Equal(ErrorKind.NotFound, error.Kind);
    }

    [Fact]
    public async Task Removed_user_is_not_found()
    {
        var users = TestData.Users(() => TestData.Human("1").Reach(UserState.Removed));

        var error = await Assert.ThrowsAsync<DomainException>(() => new GetUserByIdHandler(_context, users).Handle(new GetUserByIdQuery("1"), CancellationToken.None));

        Assert.Equal(ErrorKind.NotFound, error.Kind);
    }
}
