using FluentValidation;

namespace Identity.Application.Policies.AddCustomPasswordComplexityPolicy;

internal sealed class AddCustomPasswordComplexityPolicyValidator : AbstractValidator<AddCustomPasswordComplexityPolicyCommand>
{
    public AddCustomPasswordComplexityPolicyValidator() => this.MinLengthInRange();
}
