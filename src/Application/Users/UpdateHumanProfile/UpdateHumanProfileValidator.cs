using FluentValidation;
using Identity.Application.Common;
using Identity.Domain.Common;

namespace Identity.Application.Users.UpdateHumanProfile;

internal sealed class UpdateHumanProfileValidator : AbstractValidator<UpdateHumanProfileCommand>
{
    public UpdateHumanProfileValidator()
    {
        RuleFor(c => c.UserId).CodePoints(1, 200, Errors.User.UserIdInvalid, "user_id");
        RuleFor(c => c.UserId).AllowedText("user_id");
        RuleFor(c => c.FirstName).CodePoints(1, 200, Errors.User.FirstNameInvalid, "first_name");
        RuleFor(c => c.LastName).CodePoints(1, 200, Errors.User.LastNameInvalid, "last_name");
        RuleFor(c => c.NickName).CodePoints(0, 200, Errors.User.NickNameInvalid, "nick_name");
        RuleFor(c => c.DisplayName).CodePoints(1, 200, Errors.User.DisplayNameInvalid, "display_name");
        RuleFor(c => c.PreferredLanguage).CodePoints(0, 10, Errors.User.PreferredLanguageInvalid, "preferred_language");
        RuleFor(c => c.FirstName).AllowedText("first_name");
        RuleFor(c => c.LastName).AllowedText("last_name");
        RuleFor(c => c.NickName).AllowedText("nick_name");
        RuleFor(c => c.DisplayName).AllowedText("display_name");
        RuleFor(c => c.PreferredLanguage).AllowedText("preferred_language");
        RuleFor(c => c.Gender).IsInEnum().WithErrorCode(Errors.User.GenderInvalid).WithMessage("gender is not a known gender").OverridePropertyName("gender");
    }
}
