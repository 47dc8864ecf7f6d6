using FluentValidation;
using Identity.Application.Common;
using Identity.Domain.Common;

namespace Identity.Application.Sessions;

/// <summary>checks.user: exactly one of user_id and login_name, each 1 to 200 characters of allowed text.</summary>
internal sealed class UserCheckValidator : AbstractValidator<UserCheckInput>
{
    public UserCheckValidator()
    {
        RuleFor(c => c)
            .Must(c => (c.UserId is not null) != (c.LoginName is not null))
            .WithErrorCode(Errors.Session.UserCheckInvalid)
            .WithMessage("checks.user needs exactly one of user_id and login_name")
            .OverridePropertyName("checks.user");
        RuleFor(c => c.UserId).CodePoints(1, 200, Errors.Session.UserCheckInvalid, "checks.user.user_id").AllowedText("checks.user.user_id").When(c => c.UserId is not null);
        RuleFor(c => c.LoginName).CodePoints(1, 200, Errors.Session.UserCheckInvalid, "checks.user.login_name").AllowedText("checks.user.login_name").When(c => c.LoginName is not null);
    }
}

internal static class SessionValidation
{
    /// <summary>checks.password.password: 1 to 200 characters (upstream's limit); apply it only when the check is sent.</summary>
    public static IRuleBuilderOptions<T, string?> PasswordCheck<T>(this IRuleBuilder<T, string?> rule) =>
        rule.CodePoints(1, 200, Errors.Session.PasswordCheckInvalid, "checks.password.password");

    /// <summary>session_id: 1 to 200 characters.</summary>
    public static IRuleBuilderOptions<T, string?> SessionId<T>(this IRuleBuilder<T, string?> rule) =>
        rule.CodePoints(1, 200, Errors.Session.IdInvalid, "session_id").AllowedText("session_id");
}
