using FluentValidation;
using Identity.Application.Common;
using Identity.Domain.Access;
using Identity.Domain.Common;

namespace Identity.Application.Orgs.AddOrgMember;

internal sealed class AddOrgMemberValidator : AbstractValidator<AddOrgMemberCommand>
{
    public AddOrgMemberValidator()
    {
        RuleFor(c => c.UserId).CodePoints(1, 200, Errors.Member.UserIdInvalid, "user_id");
        RuleFor(c => c.UserId).AllowedText("user_id");
        RuleFor(c => c.Roles).NotEmpty().WithErrorCode(Errors.Member.RolesRequired).WithMessage("roles must name at least one role").OverridePropertyName("roles");
        RuleForEach(c => c.Roles).Must(Roles.OrgRoles.Contains).WithErrorCode(Errors.Member.RoleInvalid)
            .WithMessage((_, role) => $"'{role}' is not an org role; use {string.Join(", ", Roles.OrgRolesInOrder)}")
            .OverridePropertyName("roles");
    }
}
