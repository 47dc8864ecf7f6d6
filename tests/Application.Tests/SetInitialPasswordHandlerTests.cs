using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Application.Common.Behaviours;
using Identity.Application.Users.SetInitialPassword;
using Identity.Domain.Common;
using Identity.Domain.Passwords;
using Identity.Domain.Users;
using NSubstitute;

namespace Identity.Application.Tests;

public class SetInitialPasswordHandlerTests
{
    private readonly IPasswordHasher _hasher = TestData.Hasher();
    private readonly FakeTimeProvider _clock = new(TestData.Now);
    private readonly RequestContext _context = TestData.Context(TestData.Org());

    private SetInitialPasswordHandler Handler(IUserRepository users) =>
        new(_context, users, TestData.Rules(), new RequestPasswordHasher(_hasher), _clock);

    private static async Task<DomainException> Refused(SetInitialPasswordHandler handler, string userId, string password = TestData.GoodPassword) =>
        await Assert.ThrowsAsync<DomainException>(() => handler.Handle(new SetInitialPasswordCommand(userId, password), CancellationToken.None));

    [Fact]
    public async Task User_of_another_org_is_not_found_and_nothing_is_hashed()
    {
        var users = TestData.Users(() => TestData.Human("1", TestData.OtherOrgId));

        var error = await Refused(Handler(users), "1");

        Assert.Equal(ErrorKind.NotFound, error.Kind);
        Assert.Equal("USER-NotFound", error.Summary.Id);
        await users.Received(1).GetAsync(TestData.OrgId, new UserId("1"), Arg.Any<CancellationToken>());
        _hasher.DidNotReceiveWithAnyArgs().Hash(default!);
    }

    [Fact]
    public async Task Absent_user_is_not_found_and_nothing_is_hashed()
    {
        var users = TestData.Users(() => TestData.Human("1"));

        var error = await Refused(Handler(users), "404");

        Assert.Equal(ErrorKind.NotFound, error.Kind);
        Assert.Equal("USER-NotFound", error.Summary.Id);
        _hasher.DidNotReceiveWithAnyArgs().Hash(default!);
    }

    [Fact]
    public async Task Removed_user_is_not_found_and_nothing_is_hashed()
    {
        var users = TestData.Users(() => TestData.Human("1").Reach(UserState.Removed));

        var error = await Refused(Handler(users), "1");

        Assert.Equal(ErrorKind.NotFound, error.Kind);
        Assert.Equal("USER-NotFound", error.Summary.Id);
        _hasher.DidNotReceiveWithAnyArgs().Hash(default!);
    }

    [Fact]
    public async Task Absent_removed_and_foreign_users_give_the_same_answer()
    {
        var users = TestData.Users(() => TestData.Human("1", TestData.OtherOrgId), () => TestData.Human("2").Reach(UserState.Removed));
        var handler = Handler(users);

        var foreign = await Refused(handler, "1");
        var removed = await Refused(handler, "2");
        var absent = await Refused(handler, "3");

        Assert.Equal(absent.Summary, foreign.Summary);
        Assert.Equal(absent.Summary, removed.Summary);
        Assert.Equal(absent.Kind, foreign.Kind);
    }

    [Fact]
    public async Task Machine_user_fails_the_precondition_and_nothing_is_hashed()
    {
        var users = TestData.Users(() => TestData.Machine());

        var error = await Refused(Handler(users), "2");

        Assert.Equal(ErrorKind.FailedPrecondition, error.Kind);
        Assert.Equal("USER-NotHuman", error.Summary.Id);
        _hasher.DidNotReceiveWithAnyArgs().Hash(default!);
    }

    [Fact]
    public async Task Weak_password_is_invalid_and_nothing_is_hashed()
    {
        var users = TestData.Users(() => TestData.Human("1"));

        var error = await Refused(Handler(users), "1", "weak");

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Equal(Errors.Policy.PasswordInvalidId, error.Summary.Id);
        _hasher.DidNotReceiveWithAnyArgs().Hash(default!);
    }

    [Fact]
    public async Task Common_password_is_refused_by_the_instance_rules()
    {
        var users = TestData.Users(() => TestData.Human("1"));

        var error = await Refused(Handler(users), "1", "Password1!");

        Assert.Equal([Errors.Policy.CommonPasswordId], error.Details.Select(d => d.Id));
        _hasher.DidNotReceiveWithAnyArgs().Hash(default!);
    }

    [Fact]
    public async Task Password_is_set_and_the_details_are_returned()
    {
        var user = TestData.Human("1");
        var users = TestData.Users(() => user);

        var details = await Handler(users).Handle(new SetInitialPasswordCommand("1", TestData.GoodPassword), CancellationToken.None);

        Assert.Equal(2, details.Sequence);
        Assert.Equal(TestData.OrgId.Value, details.ResourceOwner);
        Assert.Equal(TestData.Now, details.ChangeDate);
        Assert.Equal(TestData.Created, details.CreationDate);
        Assert.Equal("HASHED:15", user.PasswordHash); // the fake hash of the 15-character password
        Assert.True(user.PasswordChangeRequired);
        Assert.Equal(UserState.Active, user.State);
        Assert.Equal(TestData.CallerId.Value, user.PendingEvents[^1].EditorId);
    }

    [Fact]
    public async Task Password_is_hashed_exactly_once_in_NFKC_form()
    {
        var users = TestData.Users(() => TestData.Human("1"));

        await Handler(users).Handle(new SetInitialPasswordCommand("1", "Ｃｏｒｒｅｃｔ-Horse-7"), CancellationToken.None);

        _hasher.Received(1).Hash(Arg.Any<string>());
        _hasher.Received(1).Hash("Correct-Horse-7");
    }

    [Fact]
    public async Task Change_date_comes_from_the_clock()
    {
        var user = TestData.Human("1");
        var users = TestData.Users(() => user);
        _clock.Now = TestData.Now.AddHours(5);

        var details = await Handler(users).Handle(new SetInitialPasswordCommand("1", TestData.GoodPassword), CancellationToken.None);

        Assert.Equal(TestData.Now.AddHours(5), details.ChangeDate);
        Assert.Equal(TestData.Now.AddHours(5), user.PasswordChangedAt);
    }

    [Fact]
    public async Task Conflicts_are_retried_without_hashing_again()
    {
        // UnitOfWorkBehaviour around the real handler; the store answers a fresh copy of the user on each
        // load (as after IUnitOfWork.Reset), and the commit loses twice to a concurrent writer.
        var loads = 0;
        var users = TestData.Users(() =>
        {
            loads++;
            return TestData.Human("1");
        });
        var unitOfWork = Substitute.For<IUnitOfWork>();
        unitOfWork.SaveChangesAsync(Arg.Any<CancellationToken>()).Returns(
            Task.FromException(new ConcurrencyConflictException()),
            Task.FromException(new ConcurrencyConflictException()),
            Task.CompletedTask);
        var handler = Handler(users);
        var command = new SetInitialPasswordCommand("1", TestData.GoodPassword);

        var details = await new UnitOfWorkBehaviour<SetInitialPasswordCommand, ObjectDetailsDto>(unitOfWork)
            .Handle(command, CancellationToken.None, () => handler.Handle(command, CancellationToken.None));

        _hasher.Received(1).Hash(Arg.Any<string>());
        Assert.Equal(3, loads);
        unitOfWork.Received(2).Reset();
        await unitOfWork.Received(3).SaveChangesAsync(Arg.Any<CancellationToken>());
        Assert.Equal(2, details.Sequence);
    }
}
