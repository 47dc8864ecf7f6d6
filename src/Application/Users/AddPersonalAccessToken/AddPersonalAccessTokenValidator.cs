using FluentValidation;
using Identity.Application.Common;

namespace Identity.Application.Users.AddPersonalAccessToken;

internal sealed class AddPersonalAccessTokenValidator : AbstractValidator<AddPersonalAccessTokenCommand>
{
    public AddPersonalAccessTokenValidator()
    {
        RuleFor(c => c.UserId).CodePoints(1, 200, "USER-UserIdInvalid", "user_id");
        RuleFor(c => c.UserId).AllowedText("user_id");
    }
}
