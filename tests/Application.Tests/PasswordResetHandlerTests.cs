using Identity.Application.Common;
using Identity.Application.Tests.Sessions;
using Identity.Application.Users.PasswordReset;
using Identity.Domain.Common;
using Identity.Domain.Users;
using NSubstitute;

namespace Identity.Application.Tests;

/// <summary>v2 PasswordReset and v1 SendHumanResetPasswordNotification handlers: only return_code opens a code.</summary>
public class PasswordResetHandlerTests
{
    private readonly SignInTestKit _kit = new();
    private readonly FakeResetCodes _codes = new() { Next = "Q7W2ZK" };

    public PasswordResetHandlerTests()
    {
        _kit.Context.Tenant = _kit.Org;
    }

    private User Stored()
    {
        var user = SignInTestKit.HumanWithPassword();
        _kit.Users.GetAsync(user.OrgId, user.Id, Arg.Any<CancellationToken>()).Returns(user);
        return user;
    }

    private PasswordResetIssuer Issuer() => new(_kit.Context, _kit.Users, _codes, TestData.Rules(), _kit.Clock);

    [Fact]
    public async Task Return_code_answers_the_code_and_keeps_only_its_hash_valid_for_an_hour()
    {
        var user = Stored();

        var result = await new PasswordResetV2Handler(Issuer()).Handle(new PasswordResetV2Command("1", PasswordResetMedium.ReturnCode), default);

        Assert.Equal("Q7W2ZK", result.VerificationCode);
        Assert.Equal(FakeResetCodes.Hash("Q7W2ZK"), user.PasswordCodeHash);
        Assert.Equal(TestData.Now.AddHours(1), user.PasswordCodeExpiresAt);
        Assert.Equal(user.Sequence, result.Details.Sequence);
        Assert.Equal("900", Assert.IsType<PasswordCodeAdded>(user.PendingEvents[^1]).EditorId);
        Assert.DoesNotContain("Q7W2ZK", result.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(PasswordResetMedium.Email, Errors.Notify.EmailUnavailableId, ErrorKind.FailedPrecondition)]
    [InlineData(PasswordResetMedium.Sms, Errors.Notify.SmsUnavailableId, ErrorKind.Unimplemented)]
    public async Task Email_and_SMS_are_refused_with_their_own_id_and_open_no_code(PasswordResetMedium medium, string id, ErrorKind kind)
    {
        var user = Stored();
        var sequence = user.Sequence;

        var v2 = await Assert.ThrowsAsync<DomainException>(() => new PasswordResetV2Handler(Issuer()).Handle(new PasswordResetV2Command("1", medium), default));
        var v1 = await Assert.ThrowsAsync<DomainException>(() => new SendPasswordResetNotificationHandler(Issuer()).Handle(new SendPasswordResetNotificationCommand("1", medium), default));

        Assert.Equal((id, kind), (v2.Summary.Id, v2.Kind));
        Assert.Equal((id, kind), (v1.Summary.Id, v1.Kind));
        Assert.Null(user.PasswordCodeHash);
        Assert.Equal(sequence, user.Sequence);
    }

    [Fact]
    public async Task An_unknown_user_answers_not_found_before_the_medium()
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => new PasswordResetV2Handler(Issuer()).Handle(new PasswordResetV2Command("404", PasswordResetMedium.Email), default));

        Assert.Equal(Errors.User.NotFoundId, error.Summary.Id);
    }

    [Fact]
    public void The_v1_type_must_be_email_or_sms_and_v2_needs_user_write_without_self()
    {
        var validator = new SendPasswordResetNotificationValidator();
        Assert.True(validator.Validate(new SendPasswordResetNotificationCommand("1", PasswordResetMedium.Sms)).IsValid);
        var invalid = validator.Validate(new SendPasswordResetNotificationCommand("1", (PasswordResetMedium)(-1)));
        Assert.Equal(Errors.Notify.TypeInvalidId, Assert.Single(invalid.Errors).ErrorCode);

        var command = new PasswordResetV2Command("1", PasswordResetMedium.ReturnCode);
        Assert.Equal(Identity.Domain.Access.Permissions.UserWrite, command.Permission);
        Assert.False(command.SelfAllowed);
    }
}
