using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Application.Common.Behaviours;
using Identity.Application.Users.ImportHumanUser;
using Identity.Domain.Common;
using Identity.Domain.Users;
using NSubstitute;

namespace Identity.Application.Tests;

#pragma warning disable CA2012 // NSubstitute configures and checks ValueTask-returning members by calling them

public class ImportHashedPasswordTests
{
    private const string Bcrypt = "$2b$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW";

    private readonly IUserRepository _users = Substitute.For<IUserRepository>();
    private readonly IIdGenerator _ids = Substitute.For<IIdGenerator>();
    private readonly IPasswordHasher _hasher = TestData.Hasher();
    private readonly RequestContext _context = TestData.Context(TestData.Org());

    public ImportHashedPasswordTests() => _ids.NewId().Returns("555");

    private static ImportHumanUserCommand Command(string? hashed, string? password = null, bool changeRequired = false) =>
        new(
            "bob",
            new ImportHumanUserCommand.ProfileInput("Robert", "Builder", "Bob", string.Empty, "de", Gender.Male),
            new ImportHumanUserCommand.EmailInput("rob.b@example.com", true),
            null,
            password,
            changeRequired)
        {
            HashedPassword = hashed,
        };

    private ImportHumanUserHandler Handler() =>
        new(_context, _users, _ids, TestData.Rules(), new RequestPasswordHasher(_hasher), new FakeTimeProvider(TestData.Now));

    private static async Task<DomainException> Refused(ImportHumanUserCommand command)
    {
        var next = new NextSpy<ImportHumanUserResult>(_ => null!);
        var error = await Assert.ThrowsAsync<DomainException>(() =>
            new ValidationBehaviour<ImportHumanUserCommand, ImportHumanUserResult>([new ImportHumanUserValidator()])
                .Handle(command, CancellationToken.None, next.Delegate));
        Assert.Equal(0, next.Calls);
        return error;
    }

    [Theory]
    [InlineData("$2a$", false)]
    [InlineData("$2b$", true)]
    [InlineData("$2y$", false)]
    public async Task A_bcrypt_hash_is_stored_as_it_is_without_hashing_or_checking_the_policy(string prefix, bool changeRequired)
    {
        User? added = null;
        _users.Add(Arg.Do<User>(u => added = u));
        var hash = prefix + Bcrypt[4..];

        var result = await Handler().Handle(Command(hash, changeRequired: changeRequired), CancellationToken.None);

        Assert.NotNull(added);
        Assert.Equal("555", result.UserId);
        Assert.Equal(hash, added.PasswordHash);
        Assert.Equal(UserState.Active, added.State);
        Assert.Equal(changeRequired, added.PasswordChangeRequired);
        Assert.Equal(TestData.Now, added.PasswordChangedAt);
        Assert.Equal(TestData.CallerId.Value, added.PendingEvents[0].EditorId);
        _hasher.DidNotReceiveWithAnyArgs().Hash(default!);
    }

    [Theory]
    [InlineData("$2a$")]
    [InlineData("$2b$")]
    [InlineData("$2y$")]
    public async Task The_validator_accepts_each_bcrypt_prefix(string prefix)
    {
        var next = new NextSpy<ImportHumanUserResult>(_ => null!);

        await new ValidationBehaviour<ImportHumanUserCommand, ImportHumanUserResult>([new ImportHumanUserValidator()])
            .Handle(Command(prefix + Bcrypt[4..]), CancellationToken.None, next.Delegate);

        Assert.Equal(1, next.Calls);
    }

    [Theory]
    [InlineData("$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA")]
    [InlineData("$1$saltsalt$hashhashhashhashhash..")]
    [InlineData("Correct-Horse-42!")]
    [InlineData("$2x$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW")]
    [InlineData("$2a$03$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW")]
    [InlineData("$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeWW")]
    [InlineData("$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvy\u0000eW")]
    [InlineData("$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvy\u202EeW")]
    public async Task Other_formats_are_refused_naming_the_supported_ones_without_echoing_the_value(string hash)
    {
        var error = await Refused(Command(hash));

        var detail = Assert.Single(error.Details);
        Assert.Equal(Errors.User.HashFormatUnsupportedId, detail.Id);
        Assert.Contains("bcrypt ($2a$, $2b$ or $2y$", detail.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(hash, detail.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(hash, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hash_together_with_a_password_is_refused()
    {
        var error = await Refused(Command(Bcrypt, password: TestData.GoodPassword));

        Assert.Equal([Errors.User.PasswordAndHashId], error.Details.Select(d => d.Id));
    }

    [Fact]
    public async Task A_bad_hash_together_with_a_password_reports_both()
    {
        var error = await Refused(Command("$argon2id$v=19$x", password: TestData.GoodPassword));

        Assert.Equal(
            new[] { Errors.User.PasswordAndHashId, Errors.User.HashFormatUnsupportedId }.Order(StringComparer.Ordinal),
            error.Details.Select(d => d.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_command_text_never_shows_the_hash() =>
        Assert.DoesNotContain(Bcrypt[7..], Command(Bcrypt).ToString(), StringComparison.Ordinal);

    [Fact]
    public async Task An_import_with_a_hash_does_not_wait_for_the_password_gate()
    {
        var gate = Substitute.For<IPasswordCallGate>();
        var next = new NextSpy<ImportHumanUserResult>(_ => null!);

        await new PasswordCallBehaviour<ImportHumanUserCommand, ImportHumanUserResult>(_context, gate)
            .Handle(Command(Bcrypt), CancellationToken.None, next.Delegate);

        await gate.DidNotReceiveWithAnyArgs().EnterAsync(default!, default!, default);
        Assert.Equal(1, next.Calls);
    }
}
