using FluentValidation;
using Identity.Application.Common;
using Identity.Domain.Common;

namespace Identity.Application.Users.ListUserChanges;

internal sealed class ListUserChangesValidator : AbstractValidator<ListUserChangesQuery>
{
    public ListUserChangesValidator()
    {
        RuleFor(q => q.UserId).CodePoints(1, 200, Errors.User.UserIdInvalid, "user_id");
        RuleFor(q => q.UserId).AllowedText("user_id");
        RuleFor(q => q.Limit).LessThanOrEqualTo((uint)ListUserChangesQuery.MaxLimit)
            .WithErrorCode(Errors.Change.LimitTooLarge).WithMessage($"query.limit must be at most {ListUserChangesQuery.MaxLimit}").OverridePropertyName("query.limit");
        RuleFor(q => q.Sequence).LessThanOrEqualTo((ulong)long.MaxValue)
            .WithErrorCode(Errors.Change.SequenceInvalid).WithMessage("query.sequence is out of range").OverridePropertyName("query.sequence");
    }
}
