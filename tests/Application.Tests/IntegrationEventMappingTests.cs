using System.Text.Json;
using Identity.Application.Events;
using Identity.Domain.Common;
using Identity.Domain.Passwords;
using Org = Identity.Domain.Organizations;
using Ses = Identity.Domain.Sessions;
using Usr = Identity.Domain.Users;

namespace Identity.Application.Tests;

public sealed class IntegrationEventMappingTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 29, 10, 0, 0, TimeSpan.Zero);
    private static readonly PasswordComplexityPolicy Policy = new(12, true, false, true, false);

    /// <summary>One sample of every domain event, with its metadata set as an aggregate would.</summary>
    public static IEnumerable<DomainEvent> Samples() => new DomainEvent[]
    {
        new Usr.HumanUserAdded("minnie", "Minnie", "Mouse", "Minnie Mouse", "m@acme.test", PasswordSet: true, ChangeRequired: false),
        new Usr.MachineUserAdded("bot", "Bot", "a bot"),
        new Usr.InitialPasswordSet(ChangeRequired: true),
        new Usr.UserLocked(), new Usr.UserUnlocked(), new Usr.UserDeactivated(), new Usr.UserReactivated(),
        new Usr.UserRemoved("minnie"),
        new Usr.PersonalAccessTokenAdded("t1", At.AddDays(1)),
        new Usr.PersonalAccessTokenRemoved("t1"),
        new Org.OrgAdded("ACME"),
        new Org.OrgMemberAdded("42", ["ORG_OWNER"]),
        new Org.OrgMemberCascadeRemoved("42"),
        new Org.PasswordComplexityPolicyAdded(Policy),
        new Org.PasswordComplexityPolicyChanged(Policy),
        new Org.PasswordComplexityPolicyRemoved(),
        new Org.LockoutPolicyAdded(new LockoutPolicy(5, 2)),
        new Org.LockoutPolicyChanged(new LockoutPolicy(7, 0)),
        new Org.LockoutPolicyRemoved(),
        new Usr.PasswordHashUpgraded(),
        new Ses.SessionAdded("fp-1"),
        new Ses.SessionUserChecked("42", "1"),
        new Ses.SessionPasswordChecked("42"),
        new Ses.SessionMetadataSet(["step"]),
        new Ses.SessionLifetimeSet(At.AddHours(5)),
        new Ses.SessionTokenRenewed(),
        new Ses.SessionTerminated(),
        new Org.PasswordAgePolicyAdded(new PasswordAgePolicy(90, 7)),
        new Org.PasswordAgePolicyChanged(new PasswordAgePolicy(30, 0)),
        new Org.PasswordAgePolicyRemoved(),
        new Org.OrgMemberChanged("42", ["ORG_SETTINGS_MANAGER"]),
        new Org.OrgMemberRemoved("42"),
        new Usr.PasswordResetEmailRequested("https://x.test/r?c={{.Code}}"),
        new Usr.PasswordResetEmailRequested(null),
        new Usr.UserNameChanged("minnie2"),
        new Usr.HumanProfileChanged("Minnie", "Mouse", "mm", "Minnie M.", "en", Usr.Gender.Female),
        new Usr.HumanEmailChanged("m2@acme.test", IsEmailVerified: false),
        new Usr.HumanEmailVerified(),
        new Usr.HumanPhoneChanged("+41790000000", IsPhoneVerified: true),
        new Usr.HumanPhoneVerified(),
        new Usr.UserMetadataSet(["a", "b"]),
        new Usr.UserMetadataRemoved(["a"]),
        new Usr.MachineKeyAdded("k1", Usr.MachineKeyType.Json, Usr.MachineKey.NoExpiration),
        new Usr.MachineKeyRemoved("k1"),
        new Usr.MachineSecretSet(Replaced: true),
        new Usr.MachineSecretRemoved(),
        new Usr.PasswordChanged(ChangeRequired: false, Usr.PasswordSetter.User),
        new Usr.PasswordChanged(ChangeRequired: true, Usr.PasswordSetter.Administrator),
        new Usr.PasswordChanged(ChangeRequired: false, Usr.PasswordSetter.ResetCode),
        new Usr.PasswordCodeAdded(new DateTimeOffset(2026, 11, 29, 14, 0, 0, TimeSpan.Zero)),
        new Usr.PasswordCodeCheckFailed(Usr.PasswordCodeFailure.Wrong, 5, Voided: true),
        new Usr.InitialPasswordUsed(),
        new Usr.InitialPasswordExpired(new DateTimeOffset(2026, 11, 29, 15, 0, 0, TimeSpan.Zero)),
    }.Select(e => e with { AggregateId = "7", AggregateType = "x", Sequence = 3, CreatedAt = At, EditorId = "9", ResourceOwner = "1" });

    [Fact]
    public void Member_changes_and_removals_map_with_their_user_and_roles()
    {
        var samples = Samples().ToList();

        var changed = Assert.IsType<OrgMemberChanged>(IntegrationEventMapping.ToIntegrationEvent(samples.Single(e => e is Org.OrgMemberChanged)));
        var removed = Assert.IsType<OrgMemberRemoved>(IntegrationEventMapping.ToIntegrationEvent(samples.Single(e => e is Org.OrgMemberRemoved)));

        Assert.Equal(("42", "7", "1"), (changed.UserId, changed.AggregateId, changed.OrgId));
        Assert.Equal(["ORG_SETTINGS_MANAGER"], changed.Roles);
        Assert.Equal(("42", false), (removed.UserId, removed.Cascade));
    }

    [Fact]
    public void The_samples_cover_every_domain_event()
    {
        var all = typeof(DomainEvent).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(DomainEvent)) && !t.IsAbstract && t != typeof(StoredEvent)).ToHashSet();
        Assert.Equal(all, Samples().Select(s => s.GetType()).ToHashSet());
    }

    [Fact]
    public void Every_domain_event_publishes_one_integration_event_with_its_metadata()
    {
        foreach (var sample in Samples())
        {
            var published = IntegrationEventMapping.ToIntegrationEvent(sample);
            Assert.Equal(("7", "1", 3L, At, "9"), (published.AggregateId, published.OrgId, published.Sequence, published.OccurredAt, published.EditorId));
            Assert.Same(published.GetType(), IntegrationEventMapping.EventTypes[IntegrationEventMapping.NameOf(published)]);
        }
    }

    [Fact]
    public void Every_integration_event_type_has_a_stored_name_and_survives_a_json_round_trip()
    {
        var all = typeof(IntegrationEvent).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(IntegrationEvent)) && !t.IsAbstract).ToHashSet();
        Assert.Equal(all, IntegrationEventMapping.EventTypes.Values.ToHashSet());
        Assert.Equal(all, Samples().Select(s => IntegrationEventMapping.ToIntegrationEvent(s).GetType()).ToHashSet());

        foreach (var sample in Samples())
        {
            var published = IntegrationEventMapping.ToIntegrationEvent(sample);
            var json = JsonSerializer.Serialize(published, published.GetType());
            var back = (IntegrationEvent)JsonSerializer.Deserialize(json, published.GetType())!;
            Assert.Equal(json, JsonSerializer.Serialize(back, back.GetType()));
        }
    }

    [Fact]
    public void Specific_facts_are_carried_over()
    {
        var samples = Samples().ToList();
        var human = Assert.IsType<UserAdded>(IntegrationEventMapping.ToIntegrationEvent(samples[0]));
        Assert.Equal(("minnie", false, true), (human.UserName, human.IsMachine, human.PasswordSet));
        var machine = Assert.IsType<UserAdded>(IntegrationEventMapping.ToIntegrationEvent(samples[1]));
        Assert.Equal(("bot", true), (machine.UserName, machine.IsMachine));
        Assert.True(Assert.IsType<InitialPasswordSet>(IntegrationEventMapping.ToIntegrationEvent(samples[2])).ChangeRequired);
        var token = Assert.IsType<PersonalAccessTokenAdded>(IntegrationEventMapping.ToIntegrationEvent(samples[8]));
        Assert.Equal(("t1", At.AddDays(1)), (token.TokenId, token.Expiration));
        var member = Assert.IsType<OrgMemberAdded>(IntegrationEventMapping.ToIntegrationEvent(samples[11]));
        Assert.Equal("42", member.UserId);
        Assert.Equal(["ORG_OWNER"], member.Roles);
        var cascade = Assert.IsType<OrgMemberRemoved>(IntegrationEventMapping.ToIntegrationEvent(samples[12]));
        Assert.Equal(("42", true), (cascade.UserId, cascade.Cascade));
        var policy = Assert.IsType<PasswordComplexityPolicyChanged>(IntegrationEventMapping.ToIntegrationEvent(samples[14]));
        Assert.Equal((12, true, false, true, false), (policy.MinLength, policy.HasUppercase, policy.HasLowercase, policy.HasNumber, policy.HasSymbol));
        var lockoutAdded = Assert.IsType<LockoutPolicyAdded>(IntegrationEventMapping.ToIntegrationEvent(samples[16]));
        Assert.Equal((5u, 2u), (lockoutAdded.MaxPasswordAttempts, lockoutAdded.MaxOtpAttempts));
        var lockoutChanged = Assert.IsType<LockoutPolicyChanged>(IntegrationEventMapping.ToIntegrationEvent(samples[17]));
        Assert.Equal((7u, 0u), (lockoutChanged.MaxPasswordAttempts, lockoutChanged.MaxOtpAttempts));
        Assert.IsType<LockoutPolicyRemoved>(IntegrationEventMapping.ToIntegrationEvent(samples[18]));
        Assert.IsType<PasswordHashUpgraded>(IntegrationEventMapping.ToIntegrationEvent(samples[19]));
        var ageAdded = Assert.IsType<PasswordAgePolicyAdded>(IntegrationEventMapping.ToIntegrationEvent(samples[27]));
        Assert.Equal((90u, 7u), (ageAdded.MaxAgeDays, ageAdded.ExpireWarnDays));
        var ageChanged = Assert.IsType<PasswordAgePolicyChanged>(IntegrationEventMapping.ToIntegrationEvent(samples[28]));
        Assert.Equal((30u, 0u), (ageChanged.MaxAgeDays, ageChanged.ExpireWarnDays));
        Assert.IsType<PasswordAgePolicyRemoved>(IntegrationEventMapping.ToIntegrationEvent(samples[29]));
        Assert.Equal("https://x.test/r?c={{.Code}}", Assert.IsType<PasswordResetEmailRequested>(IntegrationEventMapping.ToIntegrationEvent(samples[32])).UrlTemplate);
        Assert.Null(Assert.IsType<PasswordResetEmailRequested>(IntegrationEventMapping.ToIntegrationEvent(samples[33])).UrlTemplate);
        Assert.Equal("minnie2", Assert.IsType<UserNameChanged>(IntegrationEventMapping.ToIntegrationEvent(samples[34])).UserName);
        Assert.IsType<UserProfileChanged>(IntegrationEventMapping.ToIntegrationEvent(samples[35]));
        var emailChanged = Assert.IsType<UserEmailChanged>(IntegrationEventMapping.ToIntegrationEvent(samples[36]));
        var emailVerified = Assert.IsType<UserEmailChanged>(IntegrationEventMapping.ToIntegrationEvent(samples[37]));
        Assert.Equal((true, false, false, true), (emailChanged.AddressChanged, emailChanged.IsVerified, emailVerified.AddressChanged, emailVerified.IsVerified));
        var phoneChanged = Assert.IsType<UserPhoneChanged>(IntegrationEventMapping.ToIntegrationEvent(samples[38]));
        var phoneVerified = Assert.IsType<UserPhoneChanged>(IntegrationEventMapping.ToIntegrationEvent(samples[39]));
        Assert.Equal((true, true, false, true), (phoneChanged.NumberChanged, phoneChanged.IsVerified, phoneVerified.NumberChanged, phoneVerified.IsVerified));
        Assert.Equal(["a", "b"], Assert.IsType<UserMetadataSet>(IntegrationEventMapping.ToIntegrationEvent(samples[40])).Keys);
        Assert.Equal(["a"], Assert.IsType<UserMetadataRemoved>(IntegrationEventMapping.ToIntegrationEvent(samples[41])).Keys);
        var keyAdded = Assert.IsType<MachineKeyAdded>(IntegrationEventMapping.ToIntegrationEvent(samples[42]));
        Assert.Equal(("k1", new DateTimeOffset(9999, 12, 31, 23, 59, 59, TimeSpan.Zero)), (keyAdded.KeyId, keyAdded.ExpirationDate));
        Assert.Equal("k1", Assert.IsType<MachineKeyRemoved>(IntegrationEventMapping.ToIntegrationEvent(samples[43])).KeyId);
        Assert.True(Assert.IsType<MachineSecretSet>(IntegrationEventMapping.ToIntegrationEvent(samples[44])).Replaced);
        Assert.IsType<MachineSecretRemoved>(IntegrationEventMapping.ToIntegrationEvent(samples[45]));
        var self = Assert.IsType<PasswordChanged>(IntegrationEventMapping.ToIntegrationEvent(samples[^7]));
        Assert.Equal((false, true, "9"), (self.ChangeRequired, self.SetByUser, self.EditorId));
        var byAdmin = Assert.IsType<PasswordChanged>(IntegrationEventMapping.ToIntegrationEvent(samples[^6]));
        Assert.Equal((true, false), (byAdmin.ChangeRequired, byAdmin.SetByUser));
        Assert.True(Assert.IsType<PasswordChanged>(IntegrationEventMapping.ToIntegrationEvent(samples[^5])).SetByUser);
        var codeAdded = Assert.IsType<PasswordCodeAdded>(IntegrationEventMapping.ToIntegrationEvent(samples[^4]));
        Assert.Equal(new DateTimeOffset(2026, 11, 29, 14, 0, 0, TimeSpan.Zero), codeAdded.ExpiresAt);
        var codeFailed = Assert.IsType<PasswordCodeCheckFailed>(IntegrationEventMapping.ToIntegrationEvent(samples[^3]));
        Assert.Equal(("Wrong", 5, true), (codeFailed.Reason, codeFailed.FailedAttempts, codeFailed.Voided));
        Assert.IsType<InitialPasswordUsed>(IntegrationEventMapping.ToIntegrationEvent(samples[^2]));
        var expired = Assert.IsType<InitialPasswordExpired>(IntegrationEventMapping.ToIntegrationEvent(samples[^1]));
        Assert.Equal(new DateTimeOffset(2026, 11, 29, 15, 0, 0, TimeSpan.Zero), expired.ExpiresAt);
    }
}
