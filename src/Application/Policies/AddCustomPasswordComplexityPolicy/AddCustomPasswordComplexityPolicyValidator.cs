using FluentValidation;

namespace Identity.Application.Policies.AddCustomPasswordComplexityPolicy;

public sealed class AddCustomPasswordComplexityPolicyValidator : AbstractValidator<AddCustomPasswordComplexityPolicyCommand>
{
    public AddCustomPasswordComplexityPolicyValidator() => this.MinLengthInRange();
}
