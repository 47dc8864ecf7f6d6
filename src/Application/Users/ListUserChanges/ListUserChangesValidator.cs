using FluentValidation;
using Identity.Application.Common;

namespace Identity.Application.Users.ListUserChanges;

internal sealed class ListUserChangesValidator : AbstractValidator<ListUserChangesQuery>
{
    public ListUserChangesValidator()
    {
        RuleFor(q => q.UserId).CodePoints(1, 200, "USER-UserIdInvalid", "user_id");
        RuleFor(q => q.UserId).AllowedText("user_id");
        RuleFor(q => q.Limit).LessThanOrEqualTo((uint)ListUserChangesQuery.MaxLimit)
            .WithErrorCode("CHANGE-LimitTooLarge").WithMessage($"query.limit must be at most {ListUserChangesQuery.MaxLimit}").OverridePropertyName("query.limit");
        RuleFor(q => q.Sequence).LessThanOrEqualTo((ulong)long.MaxValue)
            .WithErrorCode("CHANGE-SequenceInvalid").WithMessage("query.sequence is out of range").OverridePropertyName("query.sequence");
    }
}
