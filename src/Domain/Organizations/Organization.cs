using Identity.Domain.Access;
using Identity.Domain.Common;
using Identity.Domain.Passwords;

namespace Identity.Domain.Organizations;

public enum OrgState
{
    Active = 1,
    Inactive = 2,
    Removed = 3,
}

/// <summary>An organization (tenant): owns users, members and an optional custom password policy.</summary>
public sealed class Organization : AggregateRoot
{
    public const int MaxNameLength = 200;

    private Organization(OrgId id, string name, string primaryDomain)
    {
        Id = id;
        Name = name;
        PrimaryDomain = primaryDomain;
        State = OrgState.Active;
    }

    public OrgId Id { get; private set; }

    public string Name { get; private set; }

    public string PrimaryDomain { get; private set; }

    public OrgState State { get; private set; }

    /// <summary>The org's own complexity policy; null means the instance default applies.</summary>
    public PasswordComplexityPolicy? PasswordPolicy { get; private set; }

    protected override string AggregateType => "org";

    protected override string AggregateId => Id.Value;

    protected override string ResourceOwnerId => Id.Value;

    public static Organization Create(OrgId id, string name, string instanceDomain, DateTimeOffset now, string editorId)
    {
        ArgumentNullException.ThrowIfNull(name);
        Text.EnsureAllowed(name, "name");
        var trimmed = name.Trim();
        if (Text.CodePoints(trimmed) is 0 or > MaxNameLength)
        {
            throw DomainException.Invalid("ORG-NameInvalid", $"Organization name must be 1 to {MaxNameLength} characters");
        }

        var org = new Organization(id, trimmed, DomainFromName(trimmed, instanceDomain));
        org.Raise("org.added", now, editorId, new Dictionary<string, object?> { ["name"] = trimmed });
        return org;
    }

    /// <summary>ZITADEL-style primary domain: the name in lower case, non-alphanumerics as '-', under the instance domain.</summary>
    public static string DomainFromName(string name, string instanceDomain)
    {
        ArgumentNullException.ThrowIfNull(name);
        var chars = name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray();
        var label = string.Join('-', new string(chars).Split('-', StringSplitOptions.RemoveEmptyEntries));
        if (label.Length == 0)
        {
            label = "org";
        }

        return $"{label}.{instanceDomain}";
    }

    public bool IsUsable => State != OrgState.Removed;

    /// <summary>Gives the org its own complexity policy; there must not be one yet.</summary>
    public void AddPasswordPolicy(PasswordComplexityPolicy policy, DateTimeOffset now, string editorId)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (PasswordPolicy is not null)
        {
            throw DomainException.AlreadyExists("POLICY-AlreadyExists", "The organization already has a custom password complexity policy");
        }

        PasswordPolicy = policy.EnsureValid();
        Raise("org.policy.password.complexity.added", now, editorId, PolicyPayload(policy));
    }

    /// <summary>Changes the org's own complexity policy; it must exist and actually change.</summary>
    public void UpdatePasswordPolicy(PasswordComplexityPolicy policy, DateTimeOffset now, string editorId)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (PasswordPolicy is null)
        {
            throw DomainException.NotFound("POLICY-NotFound", "The organization has no custom password complexity policy");
        }

        if (PasswordPolicy == policy)
        {
            throw DomainException.Precondition("POLICY-NotChanged", "The password complexity policy has not been changed");
        }

        PasswordPolicy = policy.EnsureValid();
        Raise("org.policy.password.complexity.changed", now, editorId, PolicyPayload(policy));
    }

    /// <summary>Drops the org's own complexity policy, so that the instance default applies again.</summary>
    public void ResetPasswordPolicy(DateTimeOffset now, string editorId)
    {
        if (PasswordPolicy is null)
        {
            throw DomainException.NotFound("POLICY-NotFound", "The organization has no custom password complexity policy");
        }

        PasswordPolicy = null;
        Raise("org.policy.password.complexity.removed", now, editorId);
    }

    /// <summary>Makes a user a member of this org with org roles; the caller checks that it is not one yet.</summary>
    public Membership AddMember(UserId userId, IReadOnlyList<string> roles, DateTimeOffset now, string editorId)
    {
        var membership = Membership.ForOrg(Id, userId, roles, now);
        Raise("org.member.added", now, editorId, new Dictionary<string, object?>
        {
            ["userId"] = userId.Value,
            ["roles"] = membership.Roles.ToArray(),
        });
        return membership;
    }

    private static Dictionary<string, object?> PolicyPayload(PasswordComplexityPolicy policy) => new()
    {
        ["minLength"] = policy.MinLength,
        ["hasUppercase"] = policy.HasUppercase,
        ["hasLowercase"] = policy.HasLowercase,
        ["hasNumber"] = policy.HasNumber,
        ["hasSymbol"] = policy.HasSymbol,
    };
}
