using FluentValidation;
using Identity.Application.Common;
using Identity.Domain.Common;

namespace Identity.Application.Users.ListPersonalAccessTokens;

internal sealed class ListPersonalAccessTokensValidator : AbstractValidator<ListPersonalAccessTokensQuery>
{
    /// <summary>ZITADEL's id for a list limit above the maximum.</summary>

    public ListPersonalAccessTokensValidator()
    {
        RuleFor(q => q.UserId).CodePoints(1, 200, Errors.User.UserIdInvalid, "user_id");
        RuleFor(q => q.UserId).AllowedText("user_id");
        RuleFor(q => q.Limit).ListLimit(ListPersonalAccessTokensQuery.MaxLimit);
        RuleFor(q => q.Offset).ListOffset();
    }
}
