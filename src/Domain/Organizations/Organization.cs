using System.Globalization;
using System.Security.Cryptography;
using System.Text;
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

    /// <summary>The org's own lockout policy; null means the instance default applies.</summary>
    public LockoutPolicy? LockoutPolicy { get; private set; }

    /// <summary>The org's own password age policy; null means the instance default applies.</summary>
    public PasswordAgePolicy? PasswordAgePolicy { get; private set; }

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
            throw new DomainException(Errors.Org.NameInvalid, $"Organization name must be 1 to {MaxNameLength} characters");
        }

        var org = new Organization(id, trimmed, DomainFromName(trimmed, instanceDomain));
        org.Raise(new OrgAdded(trimmed), now, editorId);
        return org;
    }

    /// <summary>
    /// ZITADEL-style primary domain under the instance domain. A name with ASCII letters: the name in lower
    /// case, other characters than ASCII letters and digits as '-'. A name without ASCII letters: its
    /// letters, marks and digits (the rest as '-') as an IDNA label (punycode, <c>xn--...</c>), so that such
    /// names get different domains; when IDNA refuses the text, a label made from a hash of the name. Labels
    /// are cut to the DNS limit of <see cref="MaxLabelLength"/> characters.
    /// </summary>
    public static string DomainFromName(string name, string instanceDomain)
    {
        ArgumentNullException.ThrowIfNull(name);
        var label = name.Any(char.IsAsciiLetter) ? AsciiLabel(name) : InternationalLabel(name);
        return $"{label}.{instanceDomain}";
    }

    /// <summary>The longest DNS label (RFC 1035).</summary>
    public const int MaxLabelLength = 63;

    private static string AsciiLabel(string name)
    {
        var chars = name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray();
        var label = string.Join('-', new string(chars).Split('-', StringSplitOptions.RemoveEmptyEntries));
        return label.Length <= MaxLabelLength ? label : label[..MaxLabelLength].TrimEnd('-');
    }

    private static string InternationalLabel(string name)
    {
        var runes = new List<Rune>();
        foreach (var rune in name.Normalize(NormalizationForm.FormKC).EnumerateRunes())
        {
            var keep = Rune.IsLetterOrDigit(rune)
                || Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;
            if (keep)
            {
                runes.Add(rune);
            }
            else if (runes.Count > 0 && runes[^1] != Hyphen)
            {
                runes.Add(Hyphen);
            }
        }

        // An encoded label is never shorter than its code points: start at the limit, then cut one code point
        // at a time while IDNA refuses the text (too long once encoded, a disallowed character, a bidi rule).
        if (runes.Count > MaxLabelLength)
        {
            runes.RemoveRange(MaxLabelLength, runes.Count - MaxLabelLength);
        }

        var idn = new IdnMapping { UseStd3AsciiRules = true };
        for (; runes.Count > 0; runes.RemoveAt(runes.Count - 1))
        {
            if (runes[^1] == Hyphen)
            {
                continue;
            }

            try
            {
                var ascii = idn.GetAscii(string.Concat(runes));
                if (ascii.Length <= MaxLabelLength)
                {
                    return ascii;
                }
            }
            catch (ArgumentException)
            {
                // refused as it stands; a shorter prefix may be accepted
            }
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(name.Normalize(NormalizationForm.FormKC).ToLowerInvariant()));
        return "org-" + Convert.ToHexStringLower(hash.AsSpan(0, 6));
    }

    private static readonly Rune Hyphen = new('-');

    public bool IsUsable => State != OrgState.Removed;

    /// <summary>Gives the org its own complexity policy; there must not be one yet.</summary>
    public void AddPasswordPolicy(PasswordComplexityPolicy policy, DateTimeOffset now, string editorId)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (PasswordPolicy is not null)
        {
            throw new DomainException(Errors.Policy.AlreadyExists, "The organization already has a custom password complexity policy");
        }

        PasswordPolicy = policy.EnsureValid();
        Raise(new PasswordComplexityPolicyAdded(policy), now, editorId);
    }

    /// <summary>Changes the org's own complexity policy; it must exist and actually change.</summary>
    public void UpdatePasswordPolicy(PasswordComplexityPolicy policy, DateTimeOffset now, string editorId)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (PasswordPolicy is null)
        {
            throw new DomainException(Errors.Policy.NotFound, "The organization has no custom password complexity policy");
        }

        if (PasswordPolicy == policy)
        {
            throw new DomainException(Errors.Policy.NotChanged, "The password complexity policy has not been changed");
        }

        PasswordPolicy = policy.EnsureValid();
        Raise(new PasswordComplexityPolicyChanged(policy), now, editorId);
    }

    /// <summary>Drops the org's own complexity policy, so that the instance default applies again.</summary>
    public void ResetPasswordPolicy(DateTimeOffset now, string editorId)
    {
        if (PasswordPolicy is null)
        {
            throw new DomainException(Errors.Policy.NotFound, "The organization has no custom password complexity policy");
        }

        PasswordPolicy = null;
        Raise(new PasswordComplexityPolicyRemoved(), now, editorId);
    }

    /// <summary>Gives the org its own lockout policy; there must not be one yet.</summary>
    public void AddLockoutPolicy(LockoutPolicy policy, DateTimeOffset now, string editorId)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (LockoutPolicy is not null)
        {
            throw new DomainException(Errors.Policy.AlreadyExists, "The organization already has a custom lockout policy");
        }

        LockoutPolicy = policy;
        Raise(new LockoutPolicyAdded(policy), now, editorId);
    }

    /// <summary>Changes the org's own lockout policy; it must exist and actually change.</summary>
    public void UpdateLockoutPolicy(LockoutPolicy policy, DateTimeOffset now, string editorId)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (LockoutPolicy is null)
        {
            throw new DomainException(Errors.Policy.NotFound, "The organization has no custom lockout policy");
        }

        if (LockoutPolicy == policy)
        {
            throw new DomainException(Errors.Policy.NotChanged, "The lockout policy has not been changed");
        }

        LockoutPolicy = policy;
        Raise(new LockoutPolicyChanged(policy), now, editorId);
    }

    /// <summary>Drops the org's own lockout policy, so that the instance default applies again.</summary>
    public void ResetLockoutPolicy(DateTimeOffset now, string editorId)
    {
        if (LockoutPolicy is null)
        {
            throw new DomainException(Errors.Policy.NotFound, "The organization has no custom lockout policy");
        }

        LockoutPolicy = null;
        Raise(new LockoutPolicyRemoved(), now, editorId);
    }

    /// <summary>Gives the org its own password age policy; there must not be one yet.</summary>
    public void AddPasswordAgePolicy(PasswordAgePolicy policy, DateTimeOffset now, string editorId)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (PasswordAgePolicy is not null)
        {
            throw new DomainException(Errors.Policy.AlreadyExists, "The organization already has a custom password age policy");
        }

        PasswordAgePolicy = policy;
        Raise(new PasswordAgePolicyAdded(policy), now, editorId);
    }

    /// <summary>Changes the org's own password age policy; it must exist and actually change.</summary>
    public void UpdatePasswordAgePolicy(PasswordAgePolicy policy, DateTimeOffset now, string editorId)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (PasswordAgePolicy is null)
        {
            throw new DomainException(Errors.Policy.NotFound, "The organization has no custom password age policy");
        }

        if (PasswordAgePolicy == policy)
        {
            throw new DomainException(Errors.Policy.NotChanged, "The password age policy has not been changed");
        }

        PasswordAgePolicy = policy;
        Raise(new PasswordAgePolicyChanged(policy), now, editorId);
    }

    /// <summary>Drops the org's own password age policy, so that the instance default applies again.</summary>
    public void ResetPasswordAgePolicy(DateTimeOffset now, string editorId)
    {
        if (PasswordAgePolicy is null)
        {
            throw new DomainException(Errors.Policy.NotFound, "The organization has no custom password age policy");
        }

        PasswordAgePolicy = null;
        Raise(new PasswordAgePolicyRemoved(), now, editorId);
    }

    /// <summary>Makes a user a member of this org with org roles; the caller checks that it is not one yet.</summary>
    public Membership AddMember(UserId userId, IReadOnlyList<string> roles, DateTimeOffset now, string editorId)
    {
        var membership = Membership.ForOrg(Id, userId, roles, now);
        Raise(new OrgMemberAdded(userId.Value, [.. membership.Roles]), now, editorId);
        membership.Stamp(Sequence, now);
        return membership;
    }

    /// <summary>
    /// UpdateOrgMember: the member's org roles become <paramref name="roles"/> (the whole list). The caller has
    /// checked that the caller may grant them and that an ORG_OWNER stays.
    /// </summary>
    public void ChangeMember(Membership membership, IReadOnlyList<string> roles, DateTimeOffset now, string editorId)
    {
        ArgumentNullException.ThrowIfNull(membership);
        EnsureOwnMembership(membership);
        if (!membership.ReplaceOrgRoles(roles))
        {
            throw new DomainException(Errors.Member.NotChanged, "The member already holds exactly these roles");
        }

        Raise(new OrgMemberChanged(membership.UserId.Value, [.. membership.Roles]), now, editorId);
        membership.Stamp(Sequence, now);
    }

    /// <summary>RemoveOrgMember: records that the member left; the caller deletes the membership.</summary>
    public void RemoveMember(Membership membership, DateTimeOffset now, string editorId)
    {
        ArgumentNullException.ThrowIfNull(membership);
        EnsureOwnMembership(membership);
        Raise(new OrgMemberRemoved(membership.UserId.Value), now, editorId);
    }

    private void EnsureOwnMembership(Membership membership)
    {
        if (!string.Equals(membership.Scope, Id.Value, StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The membership belongs to another scope.");
        }
    }

    /// <summary>Records that a member left the org because the user was removed; the caller deletes the membership.</summary>
    public void RemoveMemberOfRemovedUser(UserId userId, DateTimeOffset now, string editorId) =>
        Raise(new OrgMemberCascadeRemoved(userId.Value), now, editorId);
}
