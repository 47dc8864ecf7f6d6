using Identity.Domain.Common;
using Identity.Domain.Passwords;

namespace Identity.Domain.Organizations;

// The changes an organization makes. Type and Payload are the audit trail's event type and JSON keys
// (stable once released).

public sealed record OrgAdded(string Name) : DomainEvent
{
    public override string Type => "org.added";

    public override IReadOnlyDictionary<string, object?> Payload => new Dictionary<string, object?> { ["name"] = Name };
}

public sealed record PasswordComplexityPolicyAdded(PasswordComplexityPolicy Policy) : DomainEvent
{
    public override string Type => "org.policy.password.complexity.added";

    public override IReadOnlyDictionary<string, object?> Payload => PolicyPayload.Of(Policy);
}

public sealed record PasswordComplexityPolicyChanged(PasswordComplexityPolicy Policy) : DomainEvent
{
    public override string Type => "org.policy.password.complexity.changed";

    public override IReadOnlyDictionary<string, object?> Payload => PolicyPayload.Of(Policy);
}

/// <summary>The org's own policy was dropped: the instance default applies again.</summary>
public sealed record PasswordComplexityPolicyRemoved : DomainEvent
{
    public override string Type => "org.policy.password.complexity.removed";
}

public sealed record LockoutPolicyAdded(LockoutPolicy Policy) : DomainEvent
{
    public override string Type => "org.policy.lockout.added";

    public override IReadOnlyDictionary<string, object?> Payload => PolicyPayload.Of(Policy);
}

public sealed record LockoutPolicyChanged(LockoutPolicy Policy) : DomainEvent
{
    public override string Type => "org.policy.lockout.changed";

    public override IReadOnlyDictionary<string, object?> Payload => PolicyPayload.Of(Policy);
}

/// <summary>The org's own lockout policy was dropped: the instance default applies again.</summary>
public sealed record LockoutPolicyRemoved : DomainEvent
{
    public override string Type => "org.policy.lockout.removed";
}

public sealed record PasswordAgePolicyAdded(PasswordAgePolicy Policy) : DomainEvent
{
    public override string Type => "org.policy.password.age.added";

    public override IReadOnlyDictionary<string, object?> Payload => PolicyPayload.Of(Policy);
}

public sealed record PasswordAgePolicyChanged(PasswordAgePolicy Policy) : DomainEvent
{
    public override string Type => "org.policy.password.age.changed";

    public override IReadOnlyDictionary<string, object?> Payload => PolicyPayload.Of(Policy);
}

/// <summary>The org's own password age policy was dropped: the instance default applies again.</summary>
public sealed record PasswordAgePolicyRemoved : DomainEvent
{
    public override string Type => "org.policy.password.age.removed";
}

public sealed record OrgMemberAdded(string UserId, IReadOnlyList<string> Roles) : DomainEvent
{
    public override string Type => "org.member.added";

    public override IReadOnlyDictionary<string, object?> Payload => new Dictionary<string, object?>
    {
        ["userId"] = UserId,
        ["roles"] = Roles.ToArray(),
    };
}

/// <summary>UpdateOrgMember: the member's whole list of org roles was replaced.</summary>
public sealed record OrgMemberChanged(string UserId, IReadOnlyList<string> Roles) : DomainEvent
{
    public override string Type => "org.member.changed";

    public override IReadOnlyDictionary<string, object?> Payload => new Dictionary<string, object?>
    {
        ["userId"] = UserId,
        ["roles"] = Roles.ToArray(),
    };
}

/// <summary>RemoveOrgMember: the user is no member of the org any more (it may keep roles elsewhere).</summary>
public sealed record OrgMemberRemoved(string UserId) : DomainEvent
{
    public override string Type => "org.member.removed";

    public override IReadOnlyDictionary<string, object?> Payload => new Dictionary<string, object?> { ["userId"] = UserId };
}

/// <summary>A member left the org because its user was removed.</summary>
public sealed record OrgMemberCascadeRemoved(string UserId) : DomainEvent
{
    public override string Type => "org.member.cascade.removed";

    public override IReadOnlyDictionary<string, object?> Payload => new Dictionary<string, object?> { ["userId"] = UserId };
}

internal static class PolicyPayload
{
    public static Dictionary<string, object?> Of(PasswordComplexityPolicy policy) => new()
    {
        ["minLength"] = policy.MinLength,
        ["hasUppercase"] = policy.HasUppercase,
        ["hasLowercase"] = policy.HasLowercase,
        ["hasNumber"] = policy.HasNumber,
        ["hasSymbol"] = policy.HasSymbol,
    };

    public static Dictionary<string, object?> Of(LockoutPolicy policy) => new()
    {
        ["maxPasswordAttempts"] = policy.MaxPasswordAttempts,
        ["maxOtpAttempts"] = policy.MaxOtpAttempts,
    };

    public static Dictionary<string, object?> Of(PasswordAgePolicy policy) => new()
    {
        ["maxAgeDays"] = policy.MaxAgeDays,
        ["expireWarnDays"] = policy.ExpireWarnDays,
    };
}
