using Identity.Application.Policies;
using Identity.Application.Policies.AddCustomPasswordAgePolicy;
using Identity.Application.Policies.GetPasswordAgePolicy;
using Identity.Application.Policies.ResetPasswordAgePolicy;
using Identity.Application.Policies.UpdateCustomPasswordAgePolicy;
using Identity.Domain.Organizations;
using Identity.Domain.Passwords;

namespace Identity.Application.Tests;

/// <summary>The shared policy handler tests for the four password age policy handlers.</summary>
public class PasswordAgePolicyHandlerTests() : TwoFieldPolicyHandlerTests<PasswordAgePolicy, PasswordAgePolicyDto>(Descriptor)
{
    private static readonly TwoFieldPolicyHandlerDescriptor<PasswordAgePolicy, PasswordAgePolicyDto> Descriptor = new(
        (maxAgeDays, expireWarnDays) => new PasswordAgePolicy(maxAgeDays, expireWarnDays),
        PasswordAgePolicy.Default,
        org => org.PasswordAgePolicy,
        (org, policy, at, editor) => org.AddPasswordAgePolicy(policy, at, editor),
        (context, organizations, time, maxAgeDays, expireWarnDays) => new AddCustomPasswordAgePolicyHandler(context, organizations, time)
            .Handle(new AddCustomPasswordAgePolicyCommand(maxAgeDays, expireWarnDays), CancellationToken.None),
        (context, organizations, time, maxAgeDays, expireWarnDays) => new UpdateCustomPasswordAgePolicyHandler(context, organizations, time)
            .Handle(new UpdateCustomPasswordAgePolicyCommand(maxAgeDays, expireWarnDays), CancellationToken.None),
        (context, organizations, time) => new ResetPasswordAgePolicyHandler(context, organizations, time)
            .Handle(new ResetPasswordAgePolicyCommand(), CancellationToken.None),
        (context, rules) => new GetPasswordAgePolicyHandler(context, rules).Handle(new GetPasswordAgePolicyQuery(), CancellationToken.None),
        (details, maxAgeDays, expireWarnDays, isDefault) => new PasswordAgePolicyDto(details, maxAgeDays, expireWarnDays, isDefault),
        dto => (dto.MaxAgeDays, dto.ExpireWarnDays, dto.IsDefault),
        (settings, policy) => settings with { DefaultPasswordAgePolicy = policy },
        settings => settings.DefaultPasswordAgePolicy,
        rules => rules.DefaultPasswordAgePolicy,
        (rules, org) => rules.PasswordAgeFor(org),
        (typeof(PasswordAgePolicyAdded), typeof(PasswordAgePolicyChanged), typeof(PasswordAgePolicyRemoved)),
        (new GetPasswordAgePolicyQuery(), new AddCustomPasswordAgePolicyCommand(1, 1), new UpdateCustomPasswordAgePolicyCommand(1, 1), new ResetPasswordAgePolicyCommand()));
}
