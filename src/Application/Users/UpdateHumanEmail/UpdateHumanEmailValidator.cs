using FluentValidation;
using Identity.Application.Common;
using Identity.Domain.Common;

namespace Identity.Application.Users.UpdateHumanEmail;

internal sealed class UpdateHumanEmailValidator : AbstractValidator<UpdateHumanEmailCommand>
{
    public UpdateHumanEmailValidator()
    {
        RuleFor(c => c.UserId).CodePoints(1, 200, Errors.User.UserIdInvalid, "user_id");
        RuleFor(c => c.UserId).AllowedText("user_id");
        RuleFor(c => c.Email).Must(UserFieldRules.IsEmailAddress)
            .WithErrorCode(Errors.User.EmailInvalid).WithMessage("email must be a valid email address of at most 200 characters").OverridePropertyName("email");
        RuleFor(c => c.Email).AllowedText("email");
    }
}
