using FluentValidation;
using Identity.Application.Common;
using Identity.Domain.Common;
using Identity.Domain.Users;

namespace Identity.Application.Users.RemoveMachineSecret;

internal sealed class RemoveMachineSecretValidator : AbstractValidator<RemoveMachineSecretCommand>
{
    public RemoveMachineSecretValidator()
    {
        RuleFor(c => c.UserId).CodePoints(1, 200, Errors.User.UserIdInvalid, "user_id");
        RuleFor(c => c.UserId).AllowedText("user_id");
    }
}
