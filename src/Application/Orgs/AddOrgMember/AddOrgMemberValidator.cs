using FluentValidation;

namespace Identity.Application.Orgs.AddOrgMember;

internal sealed class AddOrgMemberValidator : AbstractValidator<AddOrgMemberCommand>
{
    public AddOrgMemberValidator()
    {
        OrgMemberValidation.UserAndRoles(this, c => c.UserId, c => c.Roles);
    }
}
