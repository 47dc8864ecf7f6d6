using FluentValidation;

namespace Identity.Application.Orgs.UpdateOrgMember;

/// <summary>user_id 1..200 of the allowed text; one or more org roles.</summary>
internal sealed class UpdateOrgMemberValidator : AbstractValidator<UpdateOrgMemberCommand>
{
    public UpdateOrgMemberValidator()
    {
        OrgMemberValidation.UserAndRoles(this, c => c.UserId, c => c.Roles);
    }
}
