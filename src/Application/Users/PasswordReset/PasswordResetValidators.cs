using FluentValidation;
using Identity.Application.Common;
using Identity.Application.Notifications;
using Identity.Domain.Common;

namespace Identity.Application.Users.PasswordReset;

/// <summary>user_id 1..200 of the allowed text; url_template, when sent, a usable link template (<see cref="PasswordResetLink"/>).</summary>
internal sealed class PasswordResetV2Validator : AbstractValidator<PasswordResetV2Command>
{
    public PasswordResetV2Validator()
    {
        RuleFor(c => c.UserId).CodePoints(1, 200, Errors.User.UserIdInvalid, "user_id");
        RuleFor(c => c.UserId).AllowedText("user_id");
        RuleFor(c => c.UrlTemplate)
            .Must(t => PasswordResetLink.Problem(t, PasswordResetLink.MaxRequestLength) is null)
            .When(c => c.UrlTemplate is not null)
            .WithErrorCode(Errors.Notify.UrlTemplateInvalid)
            .WithMessage(c => $"send_link.url_template is not usable: {PasswordResetLink.Problem(c.UrlTemplate, PasswordResetLink.MaxRequestLength)}")
            .OverridePropertyName("send_link.url_template");
        RuleFor(c => c.UrlTemplate).AllowedText("send_link.url_template").When(c => c.UrlTemplate is not null);
    }
}

/// <summary>user_id 1..200 of the allowed text; type TYPE_EMAIL or TYPE_SMS (defined_only).</summary>
internal sealed class SendPasswordResetNotificationValidator : AbstractValidator<SendPasswordResetNotificationCommand>
{
    public SendPasswordResetNotificationValidator()
    {
        RuleFor(c => c.UserId).CodePoints(1, 200, Errors.User.UserIdInvalid, "user_id");
        RuleFor(c => c.UserId).AllowedText("user_id");
        RuleFor(c => c.Medium).Must(m => m is PasswordResetMedium.Email or PasswordResetMedium.Sms)
            .WithErrorCode(Errors.Notify.TypeInvalid).WithMessage("type must be TYPE_EMAIL or TYPE_SMS").OverridePropertyName("type");
    }
}
