using FluentValidation;
using Identity.Application.Common;
using Identity.Domain.Common;

namespace Identity.Application.Users.AddPersonalAccessToken;

internal sealed class AddPersonalAccessTokenValidator : AbstractValidator<AddPersonalAccessTokenCommand>
{
    public AddPersonalAccessTokenValidator()
    {
        RuleFor(c => c.UserId).CodePoints(1, 200, Errors.User.UserIdInvalid, "user_id");
        RuleFor(c => c.UserId).AllowedText("user_id");
    }
}
