using FluentValidation;
using Identity.Application.Common;
using Identity.Domain.Common;

namespace Identity.Application.Sessions.CheckPassword;

internal sealed class CheckPasswordValidator : AbstractValidator<CheckPasswordCommand>
{
    public CheckPasswordValidator()
    {
        RuleFor(c => c.LoginName).CodePoints(1, 200, Errors.Session.UserCheckInvalid, "login_name").AllowedText("login_name");
        RuleFor(c => c.Password).CodePoints(1, 200, Errors.Session.PasswordCheckInvalid, "password");
    }
}
