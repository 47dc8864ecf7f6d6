using FluentValidation;
using Identity.Application.Common;
using Identity.Domain.Common;

namespace Identity.Application.Orgs.AddOrg;

internal sealed class AddOrgValidator : AbstractValidator<AddOrgCommand>
{
    public AddOrgValidator()
    {
        RuleFor(c => c.Name).CodePoints(1, 200, Errors.Org.NameInvalid, "name");
        RuleFor(c => c.Name).AllowedText("name");
        RuleFor(c => c.Name).Must(n => !string.IsNullOrWhiteSpace(n)).WithErrorCode(Errors.Org.NameBlank).WithMessage("name must not be blank").OverridePropertyName("name");
    }
}
