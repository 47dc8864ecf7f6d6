using Identity.Domain.Common;
using Org = Identity.Domain.Organizations;
using Ses = Identity.Domain.Sessions;
using Usr = Identity.Domain.Users;

namespace Identity.Application.Events;

/// <summary>
/// Which integration event a domain event publishes (every domain event publishes exactly one), and the
/// stable names under which they are stored in the outbox.
/// </summary>
internal static class IntegrationEventMapping
{
    private static readonly Type[] Types =
    [
        typeof(UserAdded), typeof(InitialPasswordSet), typeof(PasswordChanged), typeof(PasswordHashUpgraded), typeof(UserLocked), typeof(UserUnlocked), typeof(UserDeactivated),
        typeof(UserReactivated), typeof(UserRemoved), typeof(PersonalAccessTokenAdded), typeof(PersonalAccessTokenRemoved),
        typeof(OrgAdded), typeof(OrgMemberAdded), typeof(OrgMemberChanged), typeof(OrgMemberRemoved), typeof(PasswordComplexityPolicyAdded),
        typeof(PasswordComplexityPolicyChanged), typeof(PasswordComplexityPolicyRemoved), typeof(LockoutPolicyAdded),
        typeof(LockoutPolicyChanged), typeof(LockoutPolicyRemoved), typeof(SessionAdded), typeof(SessionUserChecked),
        typeof(SessionPasswordChecked), typeof(SessionChanged), typeof(SessionTerminated), typeof(PasswordAgePolicyAdded),
        typeof(PasswordAgePolicyChanged), typeof(PasswordAgePolicyRemoved), typeof(PasswordCodeAdded), typeof(PasswordCodeCheckFailed),
        typeof(InitialPasswordUsed), typeof(InitialPasswordExpired), typeof(UserMetadataSet), typeof(UserMetadataRemoved),
        typeof(PasswordResetEmailRequested), typeof(MachineKeyAdded), typeof(MachineKeyRemoved), typeof(MachineSecretSet), typeof(MachineSecretRemoved),
        typeof(UserNameChanged), typeof(UserProfileChanged), typeof(UserEmailChanged), typeof(UserPhoneChanged),
    ];

    private static readonly Dictionary<string, Type> ByName = Types.ToDictionary(t => t.Name, StringComparer.Ordinal);

    /// <summary>Every integration event type, by its stored name (the record's name, stable once released).</summary>
    public static IReadOnlyDictionary<string, Type> EventTypes => ByName;

    /// <summary>The stored name of an integration event.</summary>
    public static string NameOf(IntegrationEvent integrationEvent)
    {
        ArgumentNullException.ThrowIfNull(integrationEvent);
        return integrationEvent.GetType().Name;
    }

    /// <summary>The integration event <paramref name="e"/> publishes.</summary>
    public static IntegrationEvent ToIntegrationEvent(DomainEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var (id, org, seq, at, editor) = (e.AggregateId, e.ResourceOwner, e.Sequence, e.CreatedAt, e.EditorId);
        return e switch
        {
            Usr.HumanUserAdded x => new UserAdded(id, org, seq, at, editor, x.UserName, IsMachine: false, x.PasswordSet),
            Usr.MachineUserAdded x => new UserAdded(id, org, seq, at, editor, x.UserName, IsMachine: true, PasswordSet: false),
            Usr.InitialPasswordSet x => new InitialPasswordSet(id, org, seq, at, editor, x.ChangeRequired),
            Usr.PasswordChanged x => new PasswordChanged(id, org, seq, at, editor, x.ChangeRequired, x.SetBy != Usr.PasswordSetter.Administrator),
            Usr.PasswordCodeAdded x => new PasswordCodeAdded(id, org, seq, at, editor, x.ExpiresAt),
            Usr.PasswordResetEmailRequested x => new PasswordResetEmailRequested(id, org, seq, at, editor, x.UrlTemplate),
            Usr.PasswordCodeCheckFailed x => new PasswordCodeCheckFailed(id, org, seq, at, editor, x.Reason.ToString(), x.FailedAttempts, x.Voided),
            Usr.PasswordHashUpgraded => new PasswordHashUpgraded(id, org, seq, at, editor),
            Usr.InitialPasswordUsed => new InitialPasswordUsed(id, org, seq, at, editor),
            Usr.InitialPasswordExpired x => new InitialPasswordExpired(id, org, seq, at, editor, x.ExpiresAt),
            Usr.UserLocked => new UserLocked(id, org, seq, at, editor),
            Usr.UserUnlocked => new UserUnlocked(id, org, seq, at, editor),
            Usr.UserDeactivated => new UserDeactivated(id, org, seq, at, editor),
            Usr.UserReactivated => new UserReactivated(id, org, seq, at, editor),
            Usr.UserNameChanged x => new UserNameChanged(id, org, seq, at, editor, x.UserName),
            Usr.HumanProfileChanged => new UserProfileChanged(id, org, seq, at, editor),
            Usr.HumanEmailChanged x => new UserEmailChanged(id, org, seq, at, editor, AddressChanged: true, x.IsEmailVerified),
            Usr.HumanEmailVerified => new UserEmailChanged(id, org, seq, at, editor, AddressChanged: false, IsVerified: true),
            Usr.HumanPhoneChanged x => new UserPhoneChanged(id, org, seq, at, editor, NumberChanged: true, x.IsPhoneVerified),
            Usr.HumanPhoneVerified => new UserPhoneChanged(id, org, seq, at, editor, NumberChanged: false, IsVerified: true),
            Usr.UserRemoved x => new UserRemoved(id, org, seq, at, editor, x.UserName),
            Usr.PersonalAccessTokenAdded x => new PersonalAccessTokenAdded(id, org, seq, at, editor, x.TokenId, x.Expiration),
            Usr.PersonalAccessTokenRemoved x => new PersonalAccessTokenRemoved(id, org, seq, at, editor, x.TokenId),
            Usr.MachineKeyAdded x => new MachineKeyAdded(id, org, seq, at, editor, x.KeyId, x.ExpirationDate),
            Usr.MachineKeyRemoved x => new MachineKeyRemoved(id, org, seq, at, editor, x.KeyId),
            Usr.MachineSecretSet x => new MachineSecretSet(id, org, seq, at, editor, x.Replaced),
            Usr.MachineSecretRemoved => new MachineSecretRemoved(id, org, seq, at, editor),
            Usr.UserMetadataSet x => new UserMetadataSet(id, org, seq, at, editor, [.. x.Keys]),
            Usr.UserMetadataRemoved x => new UserMetadataRemoved(id, org, seq, at, editor, [.. x.Keys]),
            Org.OrgAdded x => new OrgAdded(id, org, seq, at, editor, x.Name),
            Org.OrgMemberAdded x => new OrgMemberAdded(id, org, seq, at, editor, x.UserId, [.. x.Roles]),
            Org.OrgMemberChanged x => new OrgMemberChanged(id, org, seq, at, editor, x.UserId, [.. x.Roles]),
            Org.OrgMemberRemoved x => new OrgMemberRemoved(id, org, seq, at, editor, x.UserId, Cascade: false),
            Org.OrgMemberCascadeRemoved x => new OrgMemberRemoved(id, org, seq, at, editor, x.UserId, Cascade: true),
            Org.PasswordComplexityPolicyAdded x => new PasswordComplexityPolicyAdded(
                id, org, seq, at, editor, x.Policy.MinLength, x.Policy.HasUppercase, x.Policy.HasLowercase, x.Policy.HasNumber, x.Policy.HasSymbol),
            Org.PasswordComplexityPolicyChanged x => new PasswordComplexityPolicyChanged(
                id, org, seq, at, editor, x.Policy.MinLength, x.Policy.HasUppercase, x.Policy.HasLowercase, x.Policy.HasNumber, x.Policy.HasSymbol),
            Org.PasswordComplexityPolicyRemoved => new PasswordComplexityPolicyRemoved(id, org, seq, at, editor),
            Org.LockoutPolicyAdded x => new LockoutPolicyAdded(id, org, seq, at, editor, x.Policy.MaxPasswordAttempts, x.Policy.MaxOtpAttempts),
            Org.LockoutPolicyChanged x => new LockoutPolicyChanged(id, org, seq, at, editor, x.Policy.MaxPasswordAttempts, x.Policy.MaxOtpAttempts),
            Org.LockoutPolicyRemoved => new LockoutPolicyRemoved(id, org, seq, at, editor),
            Org.PasswordAgePolicyAdded x => new PasswordAgePolicyAdded(id, org, seq, at, editor, x.Policy.MaxAgeDays, x.Policy.ExpireWarnDays),
            Org.PasswordAgePolicyChanged x => new PasswordAgePolicyChanged(id, org, seq, at, editor, x.Policy.MaxAgeDays, x.Policy.ExpireWarnDays),
            Org.PasswordAgePolicyRemoved => new PasswordAgePolicyRemoved(id, org, seq, at, editor),
            Ses.SessionAdded => new SessionAdded(id, org, seq, at, editor),
            Ses.SessionUserChecked x => new SessionUserChecked(id, org, seq, at, editor, x.UserId),
            Ses.SessionPasswordChecked x => new SessionPasswordChecked(id, org, seq, at, editor, x.UserId),
            Ses.SessionMetadataSet => new SessionChanged(id, org, seq, at, editor, "metadata"),
            Ses.SessionLifetimeSet => new SessionChanged(id, org, seq, at, editor, "lifetime"),
            Ses.SessionTokenRenewed => new SessionChanged(id, org, seq, at, editor, "token"),
            Ses.SessionTerminated => new SessionTerminated(id, org, seq, at, editor),
            _ => throw new InvalidOperationException($"No integration event for the domain event {e.GetType().Name}."),
        };
    }
}
