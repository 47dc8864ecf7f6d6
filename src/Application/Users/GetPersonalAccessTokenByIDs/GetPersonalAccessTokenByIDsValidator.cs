using FluentValidation;
using Identity.Application.Common;

namespace Identity.Application.Users.GetPersonalAccessTokenByIDs;

internal sealed class GetPersonalAccessTokenByIDsValidator : AbstractValidator<GetPersonalAccessTokenByIDsQuery>
{
    public GetPersonalAccessTokenByIDsValidator()
    {
        RuleFor(q => q.UserId).CodePoints(1, 200, "USER-UserIdInvalid", "user_id");
        RuleFor(q => q.UserId).AllowedText("user_id");
        RuleFor(q => q.TokenId).CodePoints(1, 200, "USER-TokenIdInvalid", "token_id");
        RuleFor(q => q.TokenId).AllowedText("token_id");
    }
}
