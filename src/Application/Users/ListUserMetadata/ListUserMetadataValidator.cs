using FluentValidation;
using Identity.Application.Common;
using Identity.Domain.Common;

namespace Identity.Application.Users.ListUserMetadata;

/// <summary>query.limit at most 1000; each key query a defined TextQueryMethod and at most 200 characters of the allowed text.</summary>
internal sealed class ListUserMetadataValidator : AbstractValidator<ListUserMetadataQuery>
{
    public ListUserMetadataValidator()
    {
        RuleFor(q => q.UserId).CodePoints(1, 200, Errors.User.UserIdInvalid, "id");
        RuleFor(q => q.UserId).AllowedText("id");
        RuleFor(q => q.Limit).ListLimit(ListUserMetadataQuery.MaxLimit);
        RuleFor(q => q.Offset).ListOffset();
        RuleForEach(q => q.KeyQueries).NotNull().WithErrorCode(Errors.Query.Invalid).WithMessage("a query names no condition").OverridePropertyName("queries");
        RuleForEach(q => q.KeyQueries).Must(k => k is null || Enum.IsDefined(k.Match))
            .WithErrorCode(Errors.Query.Invalid).WithMessage("the method of a key query is not a TextQueryMethod").OverridePropertyName("queries");
        RuleForEach(q => q.KeyQueries).Must(k => k is null || Text.CodePoints(k.Value) <= 200)
            .WithErrorCode(Errors.Query.Invalid).WithMessage("the key of a query has at most 200 characters").OverridePropertyName("queries");
        RuleForEach(q => q.KeyQueries).Must(k => k is null || Text.IsAllowed(k.Value))
            .WithErrorCode(Errors.Query.Invalid).WithMessage("the key of a query holds a character that is not allowed").OverridePropertyName("queries");
    }
}
