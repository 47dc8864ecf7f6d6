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

/// <summary>user_agent: fingerprint id, ip and description of at most 200 characters, header names and values of allowed text.</summary>
internal sealed class UserAgentValidator : AbstractValidator<UserAgentInput>
{
    public const int MaxHeaders = 50;

    public UserAgentValidator()
    {
        RuleFor(a => a.FingerprintId).CodePoints(0, 200, Errors.Session.UserAgentInvalid, "user_agent.fingerprint_id").AllowedText("user_agent.fingerprint_id");
        RuleFor(a => a.Ip).CodePoints(0, 200, Errors.Session.UserAgentInvalid, "user_agent.ip").AllowedText("user_agent.ip");
        RuleFor(a => a.Description).CodePoints(0, 200, Errors.Session.UserAgentInvalid, "user_agent.description").AllowedText("user_agent.description");
        RuleFor(a => a.Header)
            .Must(h => h is null || (h.Count <= MaxHeaders && h.All(e => e.Key.Length is > 0 and <= 200 && e.Value.Count <= 20 && e.Value.All(v => v.Length <= 2000))))
            .WithErrorCode(Errors.Session.UserAgentInvalid)
            .WithMessage($"user_agent.header: at most {MaxHeaders} names of 1 to 200 characters, each with at most 20 values of at most 2000 characters")
            .OverridePropertyName("user_agent.header");
        RuleFor(a => a.Header)
            .Must(h => h is null || h.All(e => Text.IsAllowed(e.Key) && e.Value.All(Text.IsAllowed)))
            .WithErrorCode(Errors.Text.InvalidCharacterId)
            .WithMessage(Text.InvalidCharacterMessage("user_agent.header"))
            .OverridePropertyName("user_agent.header");
    }
}

internal static class SessionValidation
{
    /// <summary>checks.password.password: 1 to 200 characters (upstream's limit); apply it only when the check is sent.</summary>
    public static IRuleBuilderOptions<T, string?> PasswordCheck<T>(this IRuleBuilder<T, string?> rule) =>
        rule.CodePoints(1, 200, Errors.Session.PasswordCheckInvalid, "checks.password.password");

    /// <summary>session_token, when sent: 1 to 500 characters of allowed text (tokens are base64url).</summary>
    public static IRuleBuilderOptions<T, string?> SessionToken<T>(this IRuleBuilder<T, string?> rule) =>
        rule.CodePoints(1, 500, Errors.Session.IdInvalid, "session_token").AllowedText("session_token");

    /// <summary>session_id: 1 to 200 characters.</summary>
    public static IRuleBuilderOptions<T, string?> SessionId<T>(this IRuleBuilder<T, string?> rule) =>
        rule.CodePoints(1, 200, Errors.Session.IdInvalid, "session_id").AllowedText("session_id");
}
