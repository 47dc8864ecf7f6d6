using FluentValidation;
using Identity.Application.Common;
using Identity.Domain.Common;

namespace Identity.Application.Users.IsUserUnique;

internal sealed class IsUserUniqueValidator : AbstractValidator<IsUserUniqueQuery>
{
    public IsUserUniqueValidator()
    {
        RuleFor(q => q.UserName).CodePoints(0, 200, Errors.User.UserNameInvalid, "user_name");
        RuleFor(q => q.UserName).AllowedText("user_name");
        RuleFor(q => q.Email).CodePoints(0, 200, Errors.User.EmailInvalid, "email");
        RuleFor(q => q.Email).AllowedText("email");
    }
}
