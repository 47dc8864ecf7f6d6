using Identity.Application.Policies;
using Identity.Application.Policies.AddCustomLockoutPolicy;
using Identity.Application.Policies.GetLockoutPolicy;
using Identity.Application.Policies.ResetLockoutPolicy;
using Identity.Application.Policies.UpdateCustomLockoutPolicy;
using Identity.Domain.Organizations;
using Identity.Domain.Passwords;

namespace Identity.Application.Tests;

/// <summary>The shared policy handler tests for the four lockout policy handlers.</summary>
public class LockoutPolicyHandlerTests() : TwoFieldPolicyHandlerTests<LockoutPolicy, LockoutPolicyDto>(Descriptor)
{
    private static readonly TwoFieldPolicyHandlerDescriptor<LockoutPolicy, LockoutPolicyDto> Descriptor = new(
        (password, otp) => new LockoutPolicy(password, otp),
        LockoutPolicy.Default,
        org => org.LockoutPolicy,
        (org, policy, at, editor) => org.AddLockoutPolicy(policy, at, editor),
        (context, organizations, time, password, otp) => new AddCustomLockoutPolicyHandler(context, organizations, time)
            .Handle(new AddCustomLockoutPolicyCommand(password, otp), CancellationToken.None),
        (context, organizations, time, password, otp) => new UpdateCustomLockoutPolicyHandler(context, organizations, time)
            .Handle(new UpdateCustomLockoutPolicyCommand(password, otp), CancellationToken.None),
        (context, organizations, time) => new ResetLockoutPolicyHandler(context, organizations, time)
            .Handle(new ResetLockoutPolicyCommand(), CancellationToken.None),
        (context, rules) => new GetLockoutPolicyHandler(context, rules).Handle(new GetLockoutPolicyQuery(), CancellationToken.None),
        (details, password, otp, isDefault) => new LockoutPolicyDto(details, password, otp, isDefault),
        dto => (dto.MaxPasswordAttempts, dto.MaxOtpAttempts, dto.IsDefault),
        (settings, policy) => settings with { DefaultLockoutPolicy = policy },
        settings => settings.DefaultLockoutPolicy,
        rules => rules.DefaultLockoutPolicy,
        (rules, org) => rules.LockoutFor(org),
        (typeof(LockoutPolicyAdded), typeof(LockoutPolicyChanged), typeof(LockoutPolicyRemoved)),
        (new GetLockoutPolicyQuery(), new AddCustomLockoutPolicyCommand(1, 1), new UpdateCustomLockoutPolicyCommand(1, 1), new ResetLockoutPolicyCommand()));
}
