using FluentValidation;
using Identity.Application.Common;
using Identity.Application.Common.Behaviours;
using Identity.Application.Orgs.AddOrg;
using Identity.Application.Users.ImportHumanUser;
using Identity.Application.Users.SetInitialPassword;
using Identity.Domain.Common;
using Identity.Domain.Users;

namespace Identity.Application.Tests;

public class ValidationBehaviourTests
{
    private readonly NextSpy<ObjectDetailsDto> _next = new(new ObjectDetailsDto(3, TestData.Created, TestData.Now, "100"));

    private Task<ObjectDetailsDto> Send(SetInitialPasswordCommand command, params IValidator<SetInitialPasswordCommand>[] validators) =>
        new ValidationBehaviour<SetInitialPasswordCommand, ObjectDetailsDto>(validators.Length == 0 ? [new SetInitialPasswordValidator()] : validators)
            .Handle(command, CancellationToken.None, _next.Delegate);

    private static string[] Ids(DomainException error) => [.. error.Details.Select(d => d.Id).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task Every_violation_is_reported_and_next_is_not_invoked()
    {
        var password = "Aa1!" + new string('x', 69); // 73 code points

        var error = await Assert.ThrowsAsync<DomainException>(() => Send(new SetInitialPasswordCommand(string.Empty, password)));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Equal(Errors.Validation.InvalidArgumentId, error.Summary.Id);
        Assert.Equal(["USER-PasswordLength", "USER-UserIdInvalid"], Ids(error));
        Assert.Equal(0, _next.Calls);
    }

    [Fact]
    public async Task Violation_messages_do_not_echo_the_password()
    {
        var password = "TopSecret" + new string('x', 70);

        var error = await Assert.ThrowsAsync<DomainException>(() => Send(new SetInitialPasswordCommand("1", password)));

        Assert.Equal(["USER-PasswordLength"], Ids(error));
        Assert.DoesNotContain("TopSecret", error.Message, StringComparison.Ordinal);
        Assert.All(error.Details, d => Assert.DoesNotContain("TopSecret", d.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Valid_request_passes_to_next()
    {
        var result = await Send(new SetInitialPasswordCommand("1", TestData.GoodPassword));

        Assert.Equal(3, result.Sequence);
        Assert.Equal(1, _next.Calls);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(72)]
    public async Task Password_length_bounds_are_inclusive(int length)
    {
        await Send(new SetInitialPasswordCommand("1", new string('p', length)));

        Assert.Equal(1, _next.Calls);
    }

    [Fact]
    public async Task Password_length_is_counted_in_code_points()
    {
        var password = string.Concat(Enumerable.Repeat("\U0001F600", 72)); // 144 UTF-16 units

        await Send(new SetInitialPasswordCommand("1", password));

        Assert.Equal(1, _next.Calls);
    }

    [Fact]
    public async Task User_id_longer_than_200_code_points_is_refused()
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => Send(new SetInitialPasswordCommand(new string('1', 201), TestData.GoodPassword)));

        Assert.Equal(["USER-UserIdInvalid"], Ids(error));
    }

    [Fact]
    public async Task Violations_of_all_validators_are_collected()
    {
        var extra = new InlineValidator<SetInitialPasswordCommand>();
        extra.RuleFor(c => c.UserId).Must(id => id != "forbidden").WithErrorCode("TEST-Extra");

        var error = await Assert.ThrowsAsync<DomainException>(() =>
            Send(new SetInitialPasswordCommand("forbidden", string.Empty), new SetInitialPasswordValidator(), extra));

        Assert.Equal(["TEST-Extra", "USER-PasswordLength"], Ids(error));
        Assert.Equal(0, _next.Calls);
    }

    [Fact]
    public async Task Without_validators_the_request_passes()
    {
        var result = await new ValidationBehaviour<SetInitialPasswordCommand, ObjectDetailsDto>([])
            .Handle(new SetInitialPasswordCommand(string.Empty, string.Empty), CancellationToken.None, _next.Delegate);

        Assert.Equal(3, result.Sequence);
        Assert.Equal(1, _next.Calls);
    }

    [Fact]
    public async Task Import_validator_reports_every_violation()
    {
        var next = new NextSpy<ImportHumanUserResult>(_ => null!);
        var command = new ImportHumanUserCommand(
            "   ",
            new ImportHumanUserCommand.ProfileInput(string.Empty, "Wonder", "Ali", "Alice", "en", Gender.Female),
            new ImportHumanUserCommand.EmailInput("not-an-email", false),
            new ImportHumanUserCommand.PhoneInput("0041", false),
            new string('x', 73),
            false)
        {
            UnsupportedFields = ["otp_code"],
        };

        var error = await Assert.ThrowsAsync<DomainException>(() =>
            new ValidationBehaviour<ImportHumanUserCommand, ImportHumanUserResult>([new ImportHumanUserValidator()])
                .Handle(command, CancellationToken.None, next.Delegate));

        Assert.Equal(
            new[] { "USER-UserNameBlank", "USER-FirstNameInvalid", "USER-EmailInvalid", "USER-PhoneInvalid", "USER-PasswordLength", "USER-ImportUnsupported" }.Order(StringComparer.Ordinal),
            Ids(error));
        Assert.Equal(0, next.Calls);
    }

    [Fact]
    public async Task Add_org_validator_refuses_a_blank_name()
    {
        var next = new NextSpy<AddOrgResult>(_ => null!);

        var error = await Assert.ThrowsAsync<DomainException>(() =>
            new ValidationBehaviour<AddOrgCommand, AddOrgResult>([new AddOrgValidator()])
                .Handle(new AddOrgCommand("  "), CancellationToken.None, next.Delegate));

        Assert.Equal(["ORG-NameBlank"], Ids(error));
        Assert.Equal(0, next.Calls);
    }

    [Theory]
    [InlineData(0)] // empty
    [InlineData(212)] // longer than 200 characters
    public async Task Import_validator_gives_stable_ids_for_every_email_violation(int length)
    {
        // every detail must carry a stable USER-... id, never a FluentValidation default code
        var email = length == 0 ? string.Empty : new string('a', length - "@example.com".Length) + "@example.com";
        var next = new NextSpy<ImportHumanUserResult>(_ => null!);
        var command = new ImportHumanUserCommand(
            "alice",
            new ImportHumanUserCommand.ProfileInput("Alice", "Wonder", string.Empty, string.Empty, "en", Gender.Female),
            new ImportHumanUserCommand.EmailInput(email, false),
            null,
            null,
            false);

        var error = await Assert.ThrowsAsync<DomainException>(() =>
            new ValidationBehaviour<ImportHumanUserCommand, ImportHumanUserResult>([new ImportHumanUserValidator()])
                .Handle(command, CancellationToken.None, next.Delegate));

        Assert.Contains("USER-EmailInvalid", Ids(error));
        Assert.All(error.Details, d => Assert.StartsWith("USER-", d.Id, StringComparison.Ordinal));
    }
}
