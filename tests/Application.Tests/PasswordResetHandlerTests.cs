using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Application.Notifications;
using Identity.Application.Tests.Sessions;
using Identity.Application.Users.PasswordReset;
using Identity.Domain.Common;
using Identity.Domain.Users;
using NSubstitute;

namespace Identity.Application.Tests;

/// <summary>
/// v2 PasswordReset and v1 SendHumanResetPasswordNotification handlers: return_code opens a code; email records the
/// request without any code (the notification sender issues it); SMS is refused.
/// </summary>
public class PasswordResetHandlerTests
{
    private readonly SignInTestKit _kit = new();
    private readonly FakeResetCodes _codes = new() { Next = "Q7W2ZK" };
    private readonly IEmailSender _email = Substitute.For<IEmailSender>();
    private NotificationSettings _notifications = new("https://login.example.com/reset?user={{.UserID}}&code={{.Code}}");

    public PasswordResetHandlerTests()
    {
        _kit.Context.Tenant = _kit.Org;
        _email.IsConfigured.Returns(true);
    }

    private User Stored()
    {
        var user = SignInTestKit.HumanWithPassword();
        _kit.Users.GetAsync(user.OrgId, user.Id, Arg.Any<CancellationToken>()).Returns(user);
        return user;
    }

    private PasswordResetIssuer Issuer() => new(_kit.Context, _kit.Users, _codes, _email, _notifications, TestData.Rules(), _kit.Clock);

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

    [Fact]
    public async Task SMS_is_refused_with_its_own_id_and_opens_no_code()
    {
        var user = Stored();
        var sequence = user.Sequence;

        var v2 = await Assert.ThrowsAsync<DomainException>(() => new PasswordResetV2Handler(Issuer()).Handle(new PasswordResetV2Command("1", PasswordResetMedium.Sms), default));
        var v1 = await Assert.ThrowsAsync<DomainException>(() => new SendPasswordResetNotificationHandler(Issuer()).Handle(new SendPasswordResetNotificationCommand("1", PasswordResetMedium.Sms), default));

        Assert.Equal((Errors.Notify.SmsUnavailableId, ErrorKind.Unimplemented), (v2.Summary.Id, v2.Kind));
        Assert.Equal((Errors.Notify.SmsUnavailableId, ErrorKind.Unimplemented), (v1.Summary.Id, v1.Kind));
        Assert.Null(user.PasswordCodeHash);
        Assert.Equal(sequence, user.Sequence);
    }

    [Fact]
    public async Task Email_without_an_smtp_server_is_refused_and_records_nothing()
    {
        var user = Stored();
        var sequence = user.Sequence;
        _email.IsConfigured.Returns(false);

        var v2 = await Assert.ThrowsAsync<DomainException>(() => new PasswordResetV2Handler(Issuer()).Handle(new PasswordResetV2Command("1", PasswordResetMedium.Email, "https://x.test/{{.Code}}"), default));
        var v1 = await Assert.ThrowsAsync<DomainException>(() => new SendPasswordResetNotificationHandler(Issuer()).Handle(new SendPasswordResetNotificationCommand("1", PasswordResetMedium.Email), default));

        Assert.Equal((Errors.Notify.EmailUnavailableId, ErrorKind.FailedPrecondition), (v2.Summary.Id, v2.Kind));
        Assert.Equal((Errors.Notify.EmailUnavailableId, ErrorKind.FailedPrecondition), (v1.Summary.Id, v1.Kind));
        Assert.Contains("Identity:Smtp:Host", v2.Summary.Message, StringComparison.Ordinal);
        Assert.Null(user.PasswordCodeHash);
        Assert.Equal(sequence, user.Sequence);
    }

    [Fact]
    public async Task Email_without_any_link_template_is_refused_with_its_own_id()
    {
        var user = Stored();
        var sequence = user.Sequence;
        _notifications = new NotificationSettings(null);

        var v2 = await Assert.ThrowsAsync<DomainException>(() => new PasswordResetV2Handler(Issuer()).Handle(new PasswordResetV2Command("1", PasswordResetMedium.Email), default));
        var v1 = await Assert.ThrowsAsync<DomainException>(() => new SendPasswordResetNotificationHandler(Issuer()).Handle(new SendPasswordResetNotificationCommand("1", PasswordResetMedium.Email), default));

        Assert.Equal((Errors.Notify.ResetLinkUnconfiguredId, ErrorKind.FailedPrecondition), (v2.Summary.Id, v2.Kind));
        Assert.Equal((Errors.Notify.ResetLinkUnconfiguredId, ErrorKind.FailedPrecondition), (v1.Summary.Id, v1.Kind));
        Assert.Equal(sequence, user.Sequence);

        // the request's own template is enough
        var details = await new PasswordResetV2Handler(Issuer()).Handle(new PasswordResetV2Command("1", PasswordResetMedium.Email, "https://x.test/r/{{.Code}}"), default);
        Assert.Equal(sequence + 1, details.Details.Sequence);
    }

    [Fact]
    public async Task Email_records_the_request_with_its_template_and_no_code()
    {
        var user = Stored();

        var v2 = await new PasswordResetV2Handler(Issuer()).Handle(new PasswordResetV2Command("1", PasswordResetMedium.Email, "https://x.test/r/{{.Code}}"), default);
        var requested = Assert.IsType<PasswordResetEmailRequested>(user.PendingEvents[^1]);
        Assert.Equal("https://x.test/r/{{.Code}}", requested.UrlTemplate);
        Assert.Equal("900", requested.EditorId);

        var v1 = await new SendPasswordResetNotificationHandler(Issuer()).Handle(new SendPasswordResetNotificationCommand("1", PasswordResetMedium.Email), default);
        Assert.Null(Assert.IsType<PasswordResetEmailRequested>(user.PendingEvents[^1]).UrlTemplate);

        Assert.Null(v2.VerificationCode);
        Assert.Equal(user.Sequence, v1.Sequence);
        Assert.Null(user.PasswordCodeHash);
        Assert.DoesNotContain(user.PendingEvents, e => e is PasswordCodeAdded);
    }

    [Theory]
    [InlineData("https://login.example.com/reset?user={{.UserID}}&org={{.OrgID}}&code={{.Code}}", true)]
    [InlineData("http://localhost:8080/{{.Code}}", true)]
    [InlineData("https://login.example.com/reset", false)] // no code
    [InlineData("https://login.example.com/reset?code={{.Code}}&x={{.Secret}}", false)] // unknown placeholder
    [InlineData("https://login.example.com/reset?code={{ .Code }}", false)]
    [InlineData("/reset?code={{.Code}}", false)] // not absolute
    [InlineData("javascript:alert({{.Code}})", false)]
    [InlineData("ftp://example.com/{{.Code}}", false)]
    [InlineData("https://exa mple.com/{{.Code}}", false)]
    [InlineData("", false)]
    public void The_url_template_is_validated(string template, bool valid)
    {
        var result = new PasswordResetV2Validator().Validate(new PasswordResetV2Command("1", PasswordResetMedium.Email, template));

        Assert.Equal(valid, result.IsValid);
        if (!valid)
        {
            Assert.Equal(Errors.Notify.UrlTemplateInvalidId, Assert.Single(result.Errors).ErrorCode);
        }
    }

    [Fact]
    public void The_url_template_is_at_most_200_characters_and_the_link_encodes_each_value()
    {
        var prefix = "https://x.test/";
        var code = "{{.Code}}";
        Assert.True(new PasswordResetV2Validator().Validate(new PasswordResetV2Command("1", PasswordResetMedium.Email, prefix + new string('a', 200 - prefix.Length - code.Length) + code)).IsValid);
        Assert.False(new PasswordResetV2Validator().Validate(new PasswordResetV2Command("1", PasswordResetMedium.Email, prefix + new string('a', 201 - prefix.Length - code.Length) + code)).IsValid);

        Assert.Equal(
            "https://x.test/r?u=a%26b&c=C%2F1%3D&o=o%20g",
            PasswordResetLink.Render("https://x.test/r?u={{.UserID}}&c={{.Code}}&o={{.OrgID}}", "a&b", "C/1=", "o g"));
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
