using FluentValidation;
using Identity.Application.Common;

namespace Identity.Application.Orgs.AddOrg;

internal sealed class AddOrgValidator : AbstractValidator<AddOrgCommand>
{
    public AddOrgValidator()
    {
        RuleFor(c => c.Name).CodePoints(1, 200, "ORG-NameInvalid", "name");
        RuleFor(c => c.Name).AllowedText("name");
        RuleFor(c => c.Name).Must(n => !string.IsNullOrWhiteSpace(n)).WithErrorCode("ORG-NameBlank").WithMessage("name must not be blank").OverridePropertyName("name");
    }
}
