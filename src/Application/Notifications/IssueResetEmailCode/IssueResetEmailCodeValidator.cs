using FluentValidation;
using Identity.Application.Common;
using Identity.Domain.Common;

namespace Identity.Application.Notifications.IssueResetEmailCode;

/// <summary>The ids come from a committed event and the earlier code from this sender; still, a malformed one is refused before any lookup.</summary>
internal sealed class IssueResetEmailCodeValidator : AbstractValidator<IssueResetEmailCodeCommand>
{
    public IssueResetEmailCodeValidator()
    {
        RuleFor(c => c.UserId).CodePoints(1, 200, Errors.User.UserIdInvalid, "user_id");
        RuleFor(c => c.UserId).AllowedText("user_id");
        RuleFor(c => c.OrgId).CodePoints(1, 200, Errors.Validation.InvalidArgument, "org_id");
        RuleFor(c => c.OrgId).AllowedText("org_id");
        RuleFor(c => c.EarlierCode!).CodePoints(1, 20, Errors.User.ResetCodeInvalid, "earlier_code").When(c => c.EarlierCode is not null);
        RuleFor(c => c.EarlierCode).AllowedText("earlier_code");
    }
}
