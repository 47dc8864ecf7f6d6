using FluentValidation;

namespace Identity.Application.Policies.UpdateCustomPasswordComplexityPolicy;

internal sealed class UpdateCustomPasswordComplexityPolicyValidator : AbstractValidator<UpdateCustomPasswordComplexityPolicyCommand>
{
    public UpdateCustomPasswordComplexityPolicyValidator() => this.MinLengthInRange();
}
