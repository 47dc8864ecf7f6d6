using FluentValidation;
using Identity.Application.Common;
using Identity.Domain.Common;

namespace Identity.Application.Users.GetPersonalAccessTokenByIDs;

internal sealed class GetPersonalAccessTokenByIDsValidator : AbstractValidator<GetPersonalAccessTokenByIDsQuery>
{
    public GetPersonalAccessTokenByIDsValidator()
    {
        RuleFor(q => q.UserId).CodePoints(1, 200, Errors.User.UserIdInvalid, "user_id");
        RuleFor(q => q.UserId).AllowedText("user_id");
        RuleFor(q => q.TokenId).CodePoints(1, 200, Errors.User.TokenIdInvalid, "token_id");
        RuleFor(q => q.TokenId).AllowedText("token_id");
    }
}
