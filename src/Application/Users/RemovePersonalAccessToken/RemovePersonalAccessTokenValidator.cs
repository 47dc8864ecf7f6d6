using FluentValidation;
using Identity.Application.Common;
using Identity.Domain.Common;

namespace Identity.Application.Users.RemovePersonalAccessToken;

internal sealed class RemovePersonalAccessTokenValidator : AbstractValidator<RemovePersonalAccessTokenCommand>
{
    public RemovePersonalAccessTokenValidator()
    {
        RuleFor(c => c.UserId).CodePoints(1, 200, Errors.User.UserIdInvalid, "user_id");
        RuleFor(c => c.UserId).AllowedText("user_id");
        RuleFor(c => c.TokenId).CodePoints(1, 200, Errors.User.TokenIdInvalid, "token_id");
        RuleFor(c => c.TokenId).AllowedText("token_id");
    }
}
