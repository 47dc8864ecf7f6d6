using FluentValidation;
using Identity.Application.Common;
using Identity.Domain.Common;
using Identity.Domain.Users;

namespace Identity.Application.Users.AddMachineKey;

internal sealed class AddMachineKeyValidator : AbstractValidator<AddMachineKeyCommand>
{
    public AddMachineKeyValidator()
    {
        RuleFor(c => c.UserId).CodePoints(1, 200, Errors.User.UserIdInvalid, "user_id");
        RuleFor(c => c.UserId).AllowedText("user_id");
        RuleFor(c => c.Type).Equal(MachineKeyType.Json)
            .WithErrorCode(Errors.User.KeyTypeInvalidId).WithMessage("type must be KEY_TYPE_JSON").OverridePropertyName("type");
    }
}
