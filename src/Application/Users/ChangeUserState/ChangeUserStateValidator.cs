using FluentValidation;
using Identity.Application.Common;
using Identity.Domain.Common;

namespace Identity.Application.Users.ChangeUserState;

internal sealed class ChangeUserStateValidator : AbstractValidator<ChangeUserStateCommand>
{
    public ChangeUserStateValidator()
    {
        RuleFor(c => c.Id).CodePoints(1, 200, Errors.User.UserIdInvalid, "id");
        RuleFor(c => c.Id).AllowedText("id");
        RuleFor(c => c.Change).IsInEnum().WithErrorCode(Errors.User.StateChangeInvalid).WithMessage("unknown state change");
    }
}
