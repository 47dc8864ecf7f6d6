using FluentValidation;

namespace Identity.Application.Policies.UpdateCustomPasswordComplexityPolicy;

public sealed class UpdateCustomPasswordComplexityPolicyValidator : AbstractValidator<UpdateCustomPasswordComplexityPolicyCommand>
{
    public UpdateCustomPasswordComplexityPolicyValidator() => this.MinLengthInRange();
}
