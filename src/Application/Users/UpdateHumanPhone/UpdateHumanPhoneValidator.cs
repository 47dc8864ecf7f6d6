using FluentValidation;
using Identity.Application.Common;
using Identity.Domain.Common;
using Identity.Domain.Users;

namespace Identity.Application.Users.UpdateHumanPhone;

internal sealed class UpdateHumanPhoneValidator : AbstractValidator<UpdateHumanPhoneCommand>
{
    public UpdateHumanPhoneValidator()
    {
        RuleFor(c => c.UserId).CodePoints(1, 200, Errors.User.UserIdInvalid, "user_id");
        RuleFor(c => c.UserId).AllowedText("user_id");
        RuleFor(c => c.Phone).Must(p => PhoneNumber.Normalize(p) is not null)
            .WithErrorCode(Errors.User.PhoneInvalid).WithMessage(PhoneNumber.Rule).OverridePropertyName("phone");
        RuleFor(c => c.Phone).AllowedText("phone");
    }
}
