using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Application.Users.AddMachineUser;
using Identity.Domain.Access;
using Identity.Domain.Common;
using Identity.Domain.Users;
using NSubstitute;

namespace Identity.Application.Tests;

public class AddMachineUserHandlerTests
{
    private readonly IUserRepository _users = Substitute.For<IUserRepository>();
    private readonly IIdGenerator _ids = Substitute.For<IIdGenerator>();
    private readonly RequestContext _context = TestData.Context(TestData.Org());

    public AddMachineUserHandlerTests()
    {
        _ids.NewId().Returns("555");
        _users.UserNameTakenAsync(TestData.OrgId, "ROBOT", Arg.Any<CancellationToken>()).Returns(true);
        _users.ExistsAsync(new UserId("taken-id"), Arg.Any<CancellationToken>()).Returns(true);
    }

    private AddMachineUserHandler Handler() => new(_context, _users, _ids, new FakeTimeProvider(TestData.Now));

    private static AddMachineUserCommand Command(string userName = "deployer", string? userId = null, AccessTokenType type = AccessTokenType.Jwt) =>
        new(userName, "Deploy Bot", "ships releases", type, userId);

    [Theory]
    [InlineData("robot")]
    [InlineData("ROBOT")]
    [InlineData("  Robot ")]
    [InlineData("ｒｏｂｏｔ")]
    public async Task Taken_user_name_is_refused_case_insensitively_and_nothing_is_added(string userName)
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => Handler().Handle(Command(userName), CancellationToken.None));

        Assert.Equal(ErrorKind.AlreadyExists, error.Kind);
        Assert.Equal("USER-UserNameTaken", error.Summary.Id);
        _users.DidNotReceiveWithAnyArgs().Add(default!);
    }

    [Fact]
    public async Task Taken_custom_id_is_refused_and_nothing_is_added()
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => Handler().Handle(Command(userId: "taken-id"), CancellationToken.None));

        Assert.Equal(ErrorKind.AlreadyExists, error.Kind);
        Assert.Equal("USER-IdTaken", error.Summary.Id);
        _users.DidNotReceiveWithAnyArgs().Add(default!);
        _ids.DidNotReceive().NewId();
    }

    [Fact]
    public async Task Generated_id_that_exists_is_refused_too()
    {
        _ids.NewId().Returns("taken-id");

        var error = await Assert.ThrowsAsync<DomainException>(() => Handler().Handle(Command(), CancellationToken.None));

        Assert.Equal("USER-IdTaken", error.Summary.Id);
        _users.DidNotReceiveWithAnyArgs().Add(default!);
    }

    [Fact]
    public async Task Machine_user_is_added_with_a_generated_id()
    {
        User? added = null;
        _users.Add(Arg.Do<User>(u => added = u));

        var result = await Handler().Handle(Command(" deployer "), CancellationToken.None);

        _users.Received(1).Add(Arg.Any<User>());
        Assert.NotNull(added);
        Assert.Equal(new UserId("555"), added.Id);
        Assert.Equal(TestData.OrgId, added.OrgId);
        Assert.Equal(UserType.Machine, added.Type);
        Assert.Equal(UserState.Active, added.State);
        Assert.Equal("deployer", added.UserName);
        Assert.Equal("DEPLOYER", added.UserNameKey);
        Assert.Equal(new MachineProfile("Deploy Bot", "ships releases", AccessTokenType.Jwt), added.Machine);
        Assert.Null(added.Human);
        Assert.Null(added.PasswordHash);
        var created = Assert.Single(added.PendingEvents);
        Assert.Equal("user.machine.added", created.Type);
        Assert.Equal(TestData.CallerId.Value, created.EditorId);

        Assert.Equal("555", result.UserId);
        Assert.Equal(new ObjectDetailsDto(1, TestData.Now, TestData.Now, TestData.OrgId.Value), result.Details);
        await _users.Received(1).UserNameTakenAsync(TestData.OrgId, "DEPLOYER", Arg.Any<CancellationToken>());
        await _users.Received(1).ExistsAsync(new UserId("555"), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Machine_user_is_added_with_the_custom_id()
    {
        User? added = null;
        _users.Add(Arg.Do<User>(u => added = u));

        var result = await Handler().Handle(Command(userId: "my-bot", type: AccessTokenType.Bearer), CancellationToken.None);

        Assert.Equal("my-bot", result.UserId);
        Assert.Equal(new UserId("my-bot"), added?.Id);
        Assert.Equal(AccessTokenType.Bearer, added?.Machine?.AccessTokenType);
        _ids.DidNotReceive().NewId();
        await _users.Received(1).ExistsAsync(new UserId("my-bot"), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Empty_custom_id_means_a_generated_one()
    {
        var result = await Handler().Handle(Command(userId: string.Empty), CancellationToken.None);

        Assert.Equal("555", result.UserId);
        _ids.Received(1).NewId();
    }

    [Fact]
    public void Command_needs_user_write()
    {
        Assert.Equal(Permissions.UserWrite, Command().Permission);
    }
}
