using FluentValidation;
using Identity.Application.Common;
using Identity.Domain.Common;

namespace Identity.Application.Orgs.RemoveOrgMember;

/// <summary>user_id 1..200 of the allowed text.</summary>
internal sealed class RemoveOrgMemberValidator : AbstractValidator<RemoveOrgMemberCommand>
{
    public RemoveOrgMemberValidator()
    {
        RuleFor(c => c.UserId).CodePoints(1, 200, Errors.Member.UserIdInvalid, "user_id");
        RuleFor(c => c.UserId).AllowedText("user_id");
    }
}
