using FluentValidation;
using Identity.Application.Common;
using Identity.Domain.Access;
using Identity.Domain.Common;

namespace Identity.Application.Orgs.UpdateOrgMember;

/// <summary>user_id 1..200 of the allowed text; one or more org roles.</summary>
internal sealed class UpdateOrgMemberValidator : AbstractValidator<UpdateOrgMemberCommand>
{
    public UpdateOrgMemberValidator()
    {
        RuleFor(c => c.UserId).CodePoints(1, 200, Errors.Member.UserIdInvalid, "user_id");
        RuleFor(c => c.UserId).AllowedText("user_id");
        RuleFor(c => c.Roles).NotEmpty().WithErrorCode(Errors.Member.RolesRequired).WithMessage("roles must name at least one role").OverridePropertyName("roles");
        RuleForEach(c => c.Roles).Must(Roles.OrgRoles.Contains).WithErrorCode(Errors.Member.RoleInvalid)
            .WithMessage((_, role) => $"'{role}' is not an org role; use {string.Join(", ", Roles.OrgRolesInOrder)}")
            .OverridePropertyName("roles");
    }
}
