using System.Security.Cryptography;
using System.Text;
using Identity.Application.Abstractions;
using Identity.Infrastructure.OAuth;
using Identity.Infrastructure.Persistence;
using Identity.Infrastructure.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Identity.Infrastructure.Tests;

public sealed class SqliteOAuthKeyPersistenceTests(SqliteTestDatabase database) : OAuthKeyPersistenceTests<SqliteTestDatabase>(database);

public sealed class PostgresOAuthKeyPersistenceTests(PostgresTestDatabase database) : OAuthKeyPersistenceTests<PostgresTestDatabase>(database);

/// <summary>
/// The OAuth signing key ring and the jti replay guard on every real provider that can run here. Two
/// <see cref="SigningKeyRing"/> instances on one database stand for two replicas. The tests of a class run one after
/// the other on one database: each starts by emptying the two tables.
/// </summary>
public abstract class OAuthKeyPersistenceTests<TDatabase>(TDatabase database) : IClassFixture<TDatabase>
    where TDatabase : TestDatabase
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);
    private static readonly TimeSpan Rotation = TimeSpan.FromHours(1);
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(2);
    private static readonly OAuthKeySettings Defaults = new();
    private static readonly byte[] Data = Encoding.UTF8.GetBytes("header.payload");

    [SkippableFact]
    public async Task The_first_signing_key_is_made_once_and_a_second_replica_signs_with_it()
    {
        Skip.If(database.UnavailableReason is not null, database.UnavailableReason);
        await EmptyAsync();
        var clock = new ManualClock(T0);
        using var a = Ring(clock);
        using var b = Ring(clock);

        var key = await a.SigningKeyAsync(default);
        var row = Assert.Single(await RowsAsync());
        Assert.Equal(key.KeyId, row.Id);
        Assert.Equal((T0, T0 + Rotation, T0 + Rotation + TokenLifetime + Defaults.VerificationMargin), (row.CreatedAt, row.SignUntil, row.VerifyUntil));
        Assert.Equal(key.KeyId, (await a.SigningKeyAsync(default)).KeyId);

        var replica = await b.SigningKeyAsync(default);
        Assert.Equal(key.KeyId, replica.KeyId);
        Assert.Single(await RowsAsync());
        Assert.Equal(0, await b.RotateAsync(default));
        Assert.Single(await RowsAsync());

        Assert.Equal([key.KeyId], (await a.VerificationKeysAsync(default)).Select(k => k.KeyId));
        Assert.Equal([key.KeyId], (await b.VerificationKeysAsync(default)).Select(k => k.KeyId));
        Assert.Equal(key.KeyId, (await a.FindAsync(key.KeyId, default))?.KeyId);
        Assert.Equal(key.KeyId, (await b.FindAsync(key.KeyId, default))?.KeyId);
        Assert.Null(await a.FindAsync("0123456789abcdef0123456789abcdef", default));
        Assert.Single(await RowsAsync());
    }

    [SkippableFact]
    public async Task Concurrent_first_requests_of_one_replica_make_one_key()
    {
        Skip.If(database.UnavailableReason is not null, database.UnavailableReason);
        await EmptyAsync();
        using var a = Ring(new ManualClock(T0));

        var keys = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () => await a.SigningKeyAsync(default))));

        Assert.Single(keys.Select(k => k.KeyId).Distinct());
        Assert.Single(await RowsAsync());
    }

    [SkippableFact]
    public async Task Two_replicas_making_their_first_key_at_once_each_verify_the_others()
    {
        Skip.If(database.UnavailableReason is not null, database.UnavailableReason);
        await EmptyAsync();
        var clock = new ManualClock(T0);
        using var a = Ring(clock);
        using var b = Ring(clock);

        var keys = await Task.WhenAll(Task.Run(async () => await a.SigningKeyAsync(default)), Task.Run(async () => await b.SigningKeyAsync(default)));

        var rows = await RowsAsync();
        Assert.InRange(rows.Count, 1, 2);
        Assert.All(keys, k => Assert.Contains(k.KeyId, rows.Select(r => r.Id)));
        foreach (var (signer, verifier) in new[] { (keys[0], b), (keys[1], a) })
        {
            var signature = signer.Rsa.SignData(Data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var found = await verifier.FindAsync(signer.KeyId, default);
            Assert.NotNull(found);
            Assert.True(found.Rsa.VerifyData(Data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        }
    }

    [SkippableFact]
    public async Task A_signature_of_one_replica_verifies_with_the_key_the_other_replica_finds()
    {
        Skip.If(database.UnavailableReason is not null, database.UnavailableReason);
        await EmptyAsync();
        var clock = new ManualClock(T0);
        using var a = Ring(clock);
        using var b = Ring(clock);

        var signer = await a.SigningKeyAsync(default);
        var signature = signer.Rsa.SignData(Data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var verifier = await b.FindAsync(signer.KeyId, default);

        Assert.NotNull(verifier);
        Assert.NotSame(signer.Rsa, verifier.Rsa);
        Assert.True(verifier.Rsa.VerifyData(Data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        Assert.False(verifier.Rsa.VerifyData(Encoding.UTF8.GetBytes("header.other"), signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));

        // and the other way round: the replica that read the row signs with the same private key
        var back = (await b.SigningKeyAsync(default)).Rsa.SignData(Data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        Assert.True(signer.Rsa.VerifyData(Data, back, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    [SkippableFact]
    public async Task A_key_another_replica_made_after_this_one_loaded_is_found_by_its_kid()
    {
        Skip.If(database.UnavailableReason is not null, database.UnavailableReason);
        await EmptyAsync();
        var clock = new ManualClock(T0);
        using var a = Ring(clock);
        using var b = Ring(clock);
        var first = await a.SigningKeyAsync(default);

        clock.Now = T0 + Rotation - Defaults.RenewalLead + TimeSpan.FromSeconds(1);
        Assert.Equal(first.KeyId, (await a.SigningKeyAsync(default)).KeyId); // a has not reloaded: it still signs with the first key
        Assert.Equal(1, await b.RotateAsync(default));
        Assert.Equal(2, (await RowsAsync()).Count);
        var second = (await b.VerificationKeysAsync(default))[0];
        Assert.NotEqual(first.KeyId, second.KeyId);

        var found = await a.FindAsync(second.KeyId, default);
        Assert.Equal(second.KeyId, found?.KeyId);
        Assert.Equal(2, (await RowsAsync()).Count); // a's reload saw b's key and made none of its own
        clock.Now += Defaults.Propagation;
        Assert.Equal(second.KeyId, (await a.SigningKeyAsync(default)).KeyId);
        Assert.Equal(second.KeyId, (await b.SigningKeyAsync(default)).KeyId);
        var signature = second.Rsa.SignData(Data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        Assert.True(found!.Rsa.VerifyData(Data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    [SkippableFact]
    public async Task Unknown_kids_reload_at_most_every_few_seconds_and_a_new_key_is_found_after_that()
    {
        Skip.If(database.UnavailableReason is not null, database.UnavailableReason);
        await EmptyAsync();
        var clock = new ManualClock(T0);
        using var a = Ring(clock, Key(1));
        using var b = Ring(clock, Key(2)); // another key-encryption key: b makes its own key to sign with
        var first = await a.SigningKeyAsync(default);
        Assert.Null(await a.FindAsync("made-up", default));

        var other = await b.SigningKeyAsync(default);
        Assert.NotEqual(first.KeyId, other.KeyId);
        Assert.Null(await a.FindAsync(other.KeyId, default)); // within the few seconds after the made-up kid's reload

        clock.Now += TimeSpan.FromSeconds(5);
        Assert.Equal(other.KeyId, (await a.FindAsync(other.KeyId, default))?.KeyId);
    }

    [SkippableFact]
    public async Task A_key_is_rotated_before_it_stops_signing_and_kept_for_verification_until_its_tokens_expired()
    {
        Skip.If(database.UnavailableReason is not null, database.UnavailableReason);
        await EmptyAsync();
        var clock = new ManualClock(T0);
        using var a = Ring(clock);
        using var b = Ring(clock);
        var old = await a.SigningKeyAsync(default);
        await b.SigningKeyAsync(default);

        clock.Now = T0 + Rotation - Defaults.RenewalLead - TimeSpan.FromSeconds(1);
        Assert.Equal(0, await a.RotateAsync(default));
        Assert.Single(await RowsAsync());

        clock.Now = T0 + Rotation - Defaults.RenewalLead + TimeSpan.FromSeconds(1);
        Assert.Equal(1, await a.RotateAsync(default));
        var next = (await a.VerificationKeysAsync(default))[0];
        Assert.NotEqual(old.KeyId, next.KeyId);

        // the new key is published at once but signs only once every replica has had the time to load it
        Assert.Equal(old.KeyId, (await a.SigningKeyAsync(default)).KeyId);
        clock.Now += Defaults.Propagation;
        Assert.Equal(next.KeyId, (await a.SigningKeyAsync(default)).KeyId);
        Assert.Equal(next.KeyId, (await b.FindAsync(next.KeyId, default))?.KeyId);
        Assert.Equal([next.KeyId, old.KeyId], (await a.VerificationKeysAsync(default)).Select(k => k.KeyId));
        Assert.Equal(2, (await RowsAsync()).Count);

        // past the old key's SignUntil: every replica signs with the new key
        clock.Now = T0 + Rotation + TimeSpan.FromSeconds(1);
        Assert.Equal(next.KeyId, (await b.SigningKeyAsync(default)).KeyId);
        Assert.Equal(2, (await RowsAsync()).Count);

        var verifyUntil = T0 + Rotation + TokenLifetime + Defaults.VerificationMargin;
        clock.Now = verifyUntil - TimeSpan.FromSeconds(1);
        Assert.Equal(old.KeyId, (await a.FindAsync(old.KeyId, default))?.KeyId);
        Assert.Equal(old.KeyId, (await b.FindAsync(old.KeyId, default))?.KeyId);
        Assert.Contains(old.KeyId, (await a.VerificationKeysAsync(default)).Select(k => k.KeyId));

        clock.Now = verifyUntil;
        Assert.Null(await a.FindAsync(old.KeyId, default));
        Assert.Null(await b.FindAsync(old.KeyId, default));
        Assert.DoesNotContain(old.KeyId, (await a.VerificationKeysAsync(default)).Select(k => k.KeyId));
        Assert.Contains(old.KeyId, (await RowsAsync()).Select(r => r.Id)); // until a reload deletes it

        await a.RotateAsync(default);
        var ids = (await RowsAsync()).Select(r => r.Id).ToList();
        Assert.DoesNotContain(old.KeyId, ids);
        Assert.Contains(next.KeyId, ids);
        Assert.DoesNotContain(old.KeyId, (await a.VerificationKeysAsync(default)).Select(k => k.KeyId));
    }

    [SkippableFact]
    public async Task With_a_key_encryption_key_the_private_key_is_stored_encrypted()
    {
        Skip.If(database.UnavailableReason is not null, database.UnavailableReason);
        await EmptyAsync();
        using var a = Ring(new ManualClock(T0), Key(7));

        var key = await a.SigningKeyAsync(default);

        var row = Assert.Single(await RowsAsync());
        Assert.Equal(key.KeyId, row.Id);
        Assert.StartsWith("aes256gcm:", row.PrivateKey, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", row.PrivateKey, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", row.PublicKey, StringComparison.Ordinal);
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", row.PublicKey, StringComparison.Ordinal);
        Assert.True(a.EncryptsPrivateKeys);
    }

    [SkippableFact]
    public async Task Without_a_key_encryption_key_the_private_key_is_stored_as_pem()
    {
        Skip.If(database.UnavailableReason is not null, database.UnavailableReason);
        await EmptyAsync();
        using var a = Ring(new ManualClock(T0));

        await a.SigningKeyAsync(default);

        var row = Assert.Single(await RowsAsync());
        Assert.StartsWith("pem:-----BEGIN PRIVATE KEY-----", row.PrivateKey, StringComparison.Ordinal);
        Assert.False(a.EncryptsPrivateKeys);
    }

    [SkippableTheory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_replica_that_cannot_decrypt_a_key_verifies_with_it_and_signs_with_its_own(bool otherHasAKey)
    {
        Skip.If(database.UnavailableReason is not null, database.UnavailableReason);
        await EmptyAsync();
        var clock = new ManualClock(T0);
        using var a = Ring(clock, Key(1));
        using var b = Ring(clock, otherHasAKey ? Key(2) : null);
        var first = await a.SigningKeyAsync(default);
        var signature = first.Rsa.SignData(Data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

        var verifier = await b.FindAsync(first.KeyId, default);
        Assert.NotNull(verifier);
        Assert.True(verifier.Rsa.VerifyData(Data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        Assert.Contains(first.KeyId, (await b.VerificationKeysAsync(default)).Select(k => k.KeyId));

        var own = await b.SigningKeyAsync(default);
        Assert.NotEqual(first.KeyId, own.KeyId);
        var rows = await RowsAsync();
        Assert.Equal(2, rows.Count);
        Assert.StartsWith(otherHasAKey ? "aes256gcm:" : "pem:", rows.Single(r => r.Id == own.KeyId).PrivateKey, StringComparison.Ordinal);
        var ownSignature = own.Rsa.SignData(Data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        Assert.Equal(own.KeyId, (await b.SigningKeyAsync(default)).KeyId);
        Assert.Equal(0, await b.RotateAsync(default)); // a reload does not make yet another one
        Assert.Equal(2, (await RowsAsync()).Count);

        // a verifies b's key (reload on the unknown kid)
        var back = await a.FindAsync(own.KeyId, default);
        Assert.NotNull(back);
        Assert.True(back.Rsa.VerifyData(Data, ownSignature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        if (otherHasAKey)
        {
            // a cannot decrypt b's newer key either: it keeps signing with its own
            Assert.Equal(first.KeyId, (await a.SigningKeyAsync(default)).KeyId);
        }
    }

    [SkippableFact]
    public async Task Used_assertions_past_their_expiry_are_deleted_by_the_rotation()
    {
        Skip.If(database.UnavailableReason is not null, database.UnavailableReason);
        await EmptyAsync();
        var clock = new ManualClock(T0);
        using var ring = Ring(clock);
        Assert.True(await TryUseAsync("iss", "expired", T0 + TimeSpan.FromMinutes(1)));
        Assert.True(await TryUseAsync("iss", "at-now", T0 + TimeSpan.FromMinutes(5)));
        Assert.True(await TryUseAsync("iss", "live", T0 + TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1)));

        clock.Now = T0 + TimeSpan.FromMinutes(5);
        await ring.RotateAsync(default);

        await using var scope = database.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        Assert.Equal([T0 + TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1)], await db.Set<OAuthAssertionUse>().Select(u => u.ExpiresAt).ToListAsync());
        Assert.False(await TryUseAsync("iss", "live", T0 + TimeSpan.FromMinutes(10)));
    }

    [SkippableFact]
    public async Task A_jti_is_used_once_per_issuer_across_scopes()
    {
        Skip.If(database.UnavailableReason is not null, database.UnavailableReason);
        await EmptyAsync();
        var expires = T0 + TimeSpan.FromMinutes(5);

        await using (var scope = database.Services.CreateAsyncScope())
        {
            var guard = scope.ServiceProvider.GetRequiredService<IAssertionReplayGuard>();
            Assert.True(await guard.TryUseAsync("user-1", "jti-1", expires, default));
            Assert.False(await guard.TryUseAsync("user-1", "jti-1", expires, default));

            // the refused row does not stay in the context: the next use and the next save of the scope work
            Assert.True(await guard.TryUseAsync("user-1", "jti-2", expires, default));
            Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<IdentityDbContext>().SaveChangesAsync());
        }

        // another replica (another scope, another DbContext)
        Assert.False(await TryUseAsync("user-1", "jti-1", expires));
        Assert.False(await TryUseAsync("user-1", "jti-2", expires));
        Assert.True(await TryUseAsync("user-2", "jti-1", expires));
        Assert.True(await TryUseAsync("user-1", "jti-3", expires));

        // issuer and jti are not merely concatenated
        Assert.True(await TryUseAsync("user-1j", "ti-1", expires));

        // a jti of any length is kept as a fixed-length hash
        var longJti = new string('j', 5_000);
        Assert.True(await TryUseAsync("user-1", longJti, expires));
        Assert.False(await TryUseAsync("user-1", longJti, expires));
    }

    [SkippableFact]
    public async Task Of_two_replicas_using_one_jti_at_once_exactly_one_succeeds()
    {
        Skip.If(database.UnavailableReason is not null, database.UnavailableReason);
        await EmptyAsync();
        var expires = T0 + TimeSpan.FromMinutes(5);

        for (var round = 0; round < 5; round++)
        {
            var jti = "race-" + round;
            var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => TryUseAsync("user-1", jti, expires))));
            Assert.Equal(1, results.Count(r => r));
        }
    }

    private SigningKeyRing Ring(TimeProvider clock, byte[]? keyEncryptionKey = null) => new(
        database.Services.GetRequiredService<IServiceScopeFactory>(),
        clock,
        new InfrastructureSettings(database.Settings!, TestDatabase.TestHashIterations, null, new BootstrapSettings(false, "Default", "admin", database.TokenFile))
        {
            OAuth = new OAuthKeySettings(Rotation, TokenLifetime, keyEncryptionKey),
        },
        NullLogger<SigningKeyRing>.Instance);

    private static byte[] Key(byte seed) => [.. Enumerable.Range(0, 32).Select(i => (byte)(seed * 31 + i))];

    private async Task<bool> TryUseAsync(string issuer, string jti, DateTimeOffset expiresAt)
    {
        await using var scope = database.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IAssertionReplayGuard>().TryUseAsync(issuer, jti, expiresAt, default);
    }

    private async Task<List<OAuthSigningKeyRow>> RowsAsync()
    {
        await using var scope = database.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IdentityDbContext>().Set<OAuthSigningKeyRow>().AsNoTracking().ToListAsync();
    }

    private async Task EmptyAsync()
    {
        await using var scope = database.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        await db.Set<OAuthSigningKeyRow>().ExecuteDeleteAsync();
        await db.Set<OAuthAssertionUse>().ExecuteDeleteAsync();
    }

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
