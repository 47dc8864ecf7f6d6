using FluentValidation;
using Identity.Application.Common;
using Identity.Domain.Common;
using Identity.Domain.Users;

namespace Identity.Application.Users.RemoveMachineKey;

internal sealed class RemoveMachineKeyValidator : AbstractValidator<RemoveMachineKeyCommand>
{
    public RemoveMachineKeyValidator()
    {
        RuleFor(c => c.UserId).CodePoints(1, 200, Errors.User.UserIdInvalid, "user_id");
        RuleFor(c => c.UserId).AllowedText("user_id");
        RuleFor(c => c.KeyId).CodePoints(1, 200, Errors.User.KeyIdInvalid, "key_id");
        RuleFor(c => c.KeyId).AllowedText("key_id");
    }
}
