using FluentValidation;
using Identity.Application.Common;

namespace Identity.Application.Users.ListPersonalAccessTokens;

internal sealed class ListPersonalAccessTokensValidator : AbstractValidator<ListPersonalAccessTokensQuery>
{
    /// <summary>ZITADEL's id for a list limit above the maximum.</summary>
    public const string LimitExceededId = "QUERY-4M0fs";

    public ListPersonalAccessTokensValidator()
    {
        RuleFor(q => q.UserId).CodePoints(1, 200, "USER-UserIdInvalid", "user_id");
        RuleFor(q => q.UserId).AllowedText("user_id");
        RuleFor(q => q.Limit).LessThanOrEqualTo((uint)ListPersonalAccessTokensQuery.MaxLimit)
            .WithErrorCode(LimitExceededId).WithMessage($"query.limit must be at most {ListPersonalAccessTokensQuery.MaxLimit}").OverridePropertyName("query.limit");
        RuleFor(q => q.Offset).LessThanOrEqualTo((ulong)int.MaxValue)
            .WithErrorCode("QUERY-OffsetInvalid").WithMessage("query.offset is out of range").OverridePropertyName("query.offset");
    }
}
