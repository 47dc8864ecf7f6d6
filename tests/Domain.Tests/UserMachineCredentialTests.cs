using Identity.Domain.Common;
using Identity.Domain.Users;

namespace Identity.Domain.Tests;

/// <summary>Machine keys and the machine secret of a user: machine users only, the expiration rule, one event per change, no key material or hash in an event.</summary>
public sealed class UserMachineCredentialTests
{
    private const string Pem = "-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----";

    [Fact]
    public void AddMachineKey_records_the_key_of_a_machine_user_with_one_event_and_no_key_material()
    {
        var user = TestData.Machine();
        var expires = TestData.Now.AddDays(30);

        var key = user.AddMachineKey(new MachineKeyId("k1"), MachineKeyType.Json, expires, () => Pem, TestData.Now, TestData.Editor);

        Assert.Equal((new MachineKeyId("k1"), user.Id, MachineKeyType.Json, Pem, expires, TestData.Now, 2L),
            (key.Id, key.UserId, key.Type, key.PublicKey, key.ExpiresAt, key.CreatedAt, key.Sequence));
        Assert.Equal(2, user.Sequence);
        var added = Assert.IsType<MachineKeyAdded>(user.PendingEvents[^1]);
        Assert.Equal("user.machine.key.added", added.Type);
        Assert.Equal(("k1", "json", (object)expires), ((string)added.Payload["keyId"]!, (string)added.Payload["type"]!, added.Payload["expirationDate"]!));
        Assert.Equal(3, added.Payload.Count);
        Assert.DoesNotContain(added.Payload.Values, v => v is string s && s.Contains("BEGIN", StringComparison.Ordinal));
    }

    [Fact]
    public void A_key_without_expiration_expires_at_upstreams_end_of_time()
    {
        var key = TestData.Machine().AddMachineKey(new MachineKeyId("k1"), MachineKeyType.Json, null, () => Pem, TestData.Now, TestData.Editor);

        Assert.Equal(new DateTimeOffset(9999, 12, 31, 23, 59, 59, TimeSpan.Zero), key.ExpiresAt);
        Assert.True(key.IsActiveAt(new DateTimeOffset(9999, 12, 31, 23, 59, 58, TimeSpan.Zero)));
        Assert.False(key.IsActiveAt(key.ExpiresAt));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(0)]
    public void An_expiration_not_in_the_future_is_DOMAIN_dv3t5_and_nothing_is_generated(int seconds)
    {
        var user = TestData.Machine();
        var generated = 0;

        var error = Assert.Throws<DomainException>(() => user.AddMachineKey(
            new MachineKeyId("k1"), MachineKeyType.Json, TestData.Now.AddSeconds(seconds), () => { generated++; return Pem; }, TestData.Now, TestData.Editor));

        Assert.Equal((ErrorKind.InvalidArgument, "DOMAIN-dv3t5"), (error.Kind, error.Summary.Id));
        Assert.Equal(0, generated);
        Assert.Equal(1, user.Sequence);
    }

    [Fact]
    public void Keys_are_for_machine_users_that_exist_and_of_type_json_only()
    {
        var generated = 0;
        string Generate()
        {
            generated++;
            return Pem;
        }

        var human = Assert.Throws<DomainException>(() => TestData.Human().AddMachineKey(new MachineKeyId("k1"), MachineKeyType.Json, null, Generate, TestData.Now, TestData.Editor));
        var removed = Assert.Throws<DomainException>(() => TestData.Machine().Reach(UserState.Removed).AddMachineKey(new MachineKeyId("k1"), MachineKeyType.Json, null, Generate, TestData.Now, TestData.Editor));
        var type = Assert.Throws<DomainException>(() => TestData.Machine().AddMachineKey(new MachineKeyId("k1"), MachineKeyType.Unspecified, null, Generate, TestData.Now, TestData.Editor));

        Assert.Equal((ErrorKind.FailedPrecondition, "USER-TokenMachineOnly"), (human.Kind, human.Summary.Id));
        Assert.Equal("USER-NotFound", removed.Summary.Id);
        Assert.Equal("USER-KeyTypeInvalid", type.Summary.Id);
        Assert.Equal(0, generated);
    }

    [Fact]
    public void RemoveMachineKey_raises_one_event_and_refuses_a_key_of_another_user()
    {
        var user = TestData.Machine();
        var key = user.AddMachineKey(new MachineKeyId("k1"), MachineKeyType.Json, null, () => Pem, TestData.Now, TestData.Editor);
        var other = TestData.Machine("3").AddMachineKey(new MachineKeyId("k2"), MachineKeyType.Json, null, () => Pem, TestData.Now, TestData.Editor);

        user.RemoveMachineKey(key, TestData.Now, TestData.Editor);
        var error = Assert.Throws<DomainException>(() => user.RemoveMachineKey(other, TestData.Now, TestData.Editor));

        Assert.Equal(3, user.Sequence);
        Assert.Equal(new MachineKeyRemoved("k1"), Assert.IsType<MachineKeyRemoved>(user.PendingEvents[^1]) with
        {
            AggregateId = "", AggregateType = "", Sequence = 0, CreatedAt = default, EditorId = "", ResourceOwner = "",
        });
        Assert.Equal((ErrorKind.NotFound, "USER-KeyNotFound"), (error.Kind, error.Summary.Id));
    }

    [Fact]
    public void A_new_secret_replaces_the_old_one_and_no_event_holds_the_hash()
    {
        var user = TestData.Machine();

        user.SetMachineSecret("hash-1", TestData.Now, TestData.Editor);
        user.SetMachineSecret("hash-2", TestData.Now, TestData.Editor);

        Assert.Equal("hash-2", user.MachineSecretHash);
        Assert.True(user.HasMachineSecret);
        Assert.Equal(3, user.Sequence);
        var events = user.PendingEvents.OfType<MachineSecretSet>().ToList();
        Assert.Equal([false, true], events.Select(e => e.Replaced));
        Assert.All(events, e => Assert.Equal("user.machine.secret.set", e.Type));
        Assert.All(user.PendingEvents, e => Assert.DoesNotContain(e.Payload.Values, v => v is string s && s.StartsWith("hash-", StringComparison.Ordinal)));
    }

    [Fact]
    public void RemoveMachineSecret_clears_it_and_without_one_is_COMMAND_coi82n()
    {
        var user = TestData.Machine();
        var none = Assert.Throws<DomainException>(() => user.RemoveMachineSecret(TestData.Now, TestData.Editor));
        user.SetMachineSecret("hash-1", TestData.Now, TestData.Editor);

        user.RemoveMachineSecret(TestData.Now, TestData.Editor);

        Assert.Equal((ErrorKind.FailedPrecondition, "COMMAND-coi82n"), (none.Kind, none.Summary.Id));
        Assert.False(user.HasMachineSecret);
        Assert.Equal("user.machine.secret.removed", user.PendingEvents[^1].Type);
        Assert.Equal(3, user.Sequence);
    }

    [Fact]
    public void Secrets_are_for_machine_users_only()
    {
        var human = TestData.Human();

        var set = Assert.Throws<DomainException>(() => human.SetMachineSecret("hash", TestData.Now, TestData.Editor));
        var remove = Assert.Throws<DomainException>(() => human.RemoveMachineSecret(TestData.Now, TestData.Editor));

        Assert.Equal(["USER-TokenMachineOnly", "USER-TokenMachineOnly"], new[] { set.Summary.Id, remove.Summary.Id });
        Assert.Null(human.MachineSecretHash);
        Assert.Equal(1, human.Sequence);
    }

    [Fact]
    public void Removing_the_user_clears_its_secret()
    {
        var user = TestData.Machine();
        user.SetMachineSecret("hash-1", TestData.Now, TestData.Editor);

        user.Remove(TestData.Now, TestData.Editor);

        Assert.Null(user.MachineSecretHash);
        Assert.False(user.HasMachineSecret);
    }
}
