using System.Security.Cryptography;
using Identity.Application.Abstractions;
using Identity.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Identity.Infrastructure.OAuth;

/// <summary>
/// The OAuth signing keys of all replicas, in <c>oauth_signing_keys</c>. Each key signs new tokens for
/// <see cref="OAuthKeySettings.Rotation"/> and is then kept for verification for the tokens' lifetime plus a margin;
/// the next key is made <see cref="OAuthKeySettings.RenewalLead"/> before the current one stops signing, by whichever
/// replica sees it first (two replicas making one each at once leaves two valid keys, and both sign and verify), and
/// signs from <see cref="OAuthKeySettings.Propagation"/> after it was made, once every replica publishes it.
/// Every replica signs with the newest such key it can read, reloads the keys every
/// <see cref="OAuthKeySettings.RefreshInterval"/> (<see cref="SigningKeyRotation"/>) and at once when a token names a
/// key it does not know yet. RSA objects are kept per key id across reloads.
/// </summary>
internal sealed partial class SigningKeyRing(IServiceScopeFactory scopes, TimeProvider time, InfrastructureSettings settings, ILogger<SigningKeyRing> logger)
    : IOAuthSigningKeys, IDisposable
{
    private const int KeySize = 2048;
    private static readonly TimeSpan UnknownKeyReloadInterval = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _reload = new(1, 1);
    private readonly KeyProtector _protector = new(settings.OAuth.KeyEncryptionKey);
    private readonly HashSet<string> _reportedUnreadable = new(StringComparer.Ordinal);
    private Snapshot? _snapshot;
    private long _lastUnknownReloadTicks;
    private long _made;

    private sealed record Entry(OAuthSigningKey Key, bool CanSign, DateTimeOffset CreatedAt, DateTimeOffset SignUntil, DateTimeOffset VerifyUntil);

    private sealed record Snapshot(IReadOnlyList<Entry> Entries);

    private OAuthKeySettings Settings => settings.OAuth;

    /// <summary>Whether private keys are stored encrypted (a key-encryption key is configured).</summary>
    public bool EncryptsPrivateKeys => _protector.Encrypts;

    public async ValueTask<OAuthSigningKey> SigningKeyAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (Volatile.Read(ref _snapshot) is { } snapshot && Signer(snapshot, now) is { } key)
        {
            return key.Key;
        }

        snapshot = await ReloadAsync(cancellationToken).ConfigureAwait(false);
        return (Signer(snapshot, now) ?? throw new InvalidOperationException("No OAuth signing key could be read or made")).Key;
    }

    public async ValueTask<IReadOnlyList<OAuthSigningKey>> VerificationKeysAsync(CancellationToken cancellationToken)
    {
        var snapshot = Volatile.Read(ref _snapshot) ?? await ReloadAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        return [.. snapshot.Entries.Where(e => e.VerifyUntil > now).OrderByDescending(e => e.CreatedAt).Select(e => e.Key)];
    }

    public async ValueTask<OAuthSigningKey?> FindAsync(string keyId, CancellationToken cancellationToken)
    {
        var snapshot = Volatile.Read(ref _snapshot) ?? await ReloadAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var entry = snapshot.Entries.FirstOrDefault(e => string.Equals(e.Key.KeyId, keyId, StringComparison.Ordinal));
        var last = Interlocked.Read(ref _lastUnknownReloadTicks);
        if (entry is null && now.UtcTicks - last >= UnknownKeyReloadInterval.Ticks
            && Interlocked.CompareExchange(ref _lastUnknownReloadTicks, now.UtcTicks, last) == last)
        {
            // Another replica may have made a key since the last reload; a flood of made-up key ids reloads every few seconds at most.
            snapshot = await ReloadAsync(cancellationToken).ConfigureAwait(false);
            entry = snapshot.Entries.FirstOrDefault(e => string.Equals(e.Key.KeyId, keyId, StringComparison.Ordinal));
        }

        return entry is not null && entry.VerifyUntil > now ? entry.Key : null;
    }

    /// <summary>
    /// Reads the keys, makes the next one when none that this replica can read will still sign after
    /// <see cref="OAuthKeySettings.RenewalLead"/>, and deletes keys and used assertions past their time.
    /// </summary>
    /// <returns>The number of keys this call made (0 or 1).</returns>
    public async Task<int> RotateAsync(CancellationToken cancellationToken)
    {
        var made = Interlocked.Read(ref _made);
        await ReloadAsync(cancellationToken).ConfigureAwait(false);
        return (int)(Interlocked.Read(ref _made) - made);
    }

    /// <summary>
    /// The newest key that may sign at <paramref name="now"/> and has been in the database for
    /// <see cref="OAuthKeySettings.Propagation"/> (so every replica publishes it before tokens signed with it appear);
    /// a younger one only when there is no other (the very first key).
    /// </summary>
    private Entry? Signer(Snapshot snapshot, DateTimeOffset now)
    {
        var usable = snapshot.Entries.Where(e => e.CanSign && e.SignUntil > now)
            .OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Key.KeyId, StringComparer.Ordinal).ToList();
        return usable.FirstOrDefault(e => e.CreatedAt + Settings.Propagation <= now) ?? usable.FirstOrDefault();
    }

    private async Task<Snapshot> ReloadAsync(CancellationToken cancellationToken)
    {
        await _reload.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = time.GetUtcNow();
            var scope = scopes.CreateAsyncScope();
            await using (scope.ConfigureAwait(false))
            {
                var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
                var keys = db.Set<OAuthSigningKeyRow>();
                await keys.Where(k => k.VerifyUntil <= now).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
                await db.Set<OAuthAssertionUse>().Where(u => u.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
                var rows = await keys.AsNoTracking().Where(k => k.VerifyUntil > now).ToListAsync(cancellationToken).ConfigureAwait(false);

                var previous = (Volatile.Read(ref _snapshot)?.Entries ?? []).ToDictionary(e => e.Key.KeyId, StringComparer.Ordinal);
                var entries = rows.Select(row => previous.TryGetValue(row.Id, out var known) ? known : Read(row)).ToList();
                var snapshot = new Snapshot(entries);
                if (Signer(snapshot, now + Settings.RenewalLead) is null)
                {
                    var (row, entry) = Make(now);
                    keys.Add(row);
                    await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                    entries.Add(entry);
                    Interlocked.Increment(ref _made);
                    LogMade(logger, row.Id, row.SignUntil);
                    snapshot = new Snapshot(entries);
                }

                Volatile.Write(ref _snapshot, snapshot);
                return snapshot;
            }
        }
        finally
        {
            _reload.Release();
        }
    }

    private Entry Read(OAuthSigningKeyRow row)
    {
        var rsa = RSA.Create();
        var pem = _protector.Unprotect(row.Id, row.PrivateKey);
        if (pem is not null)
        {
            rsa.ImportFromPem(pem);
        }
        else
        {
            rsa.ImportFromPem(row.PublicKey);
            if (_reportedUnreadable.Add(row.Id))
            {
                LogUnreadable(logger, row.Id);
            }
        }

        return new Entry(new OAuthSigningKey(row.Id, rsa), pem is not null, row.CreatedAt, row.SignUntil, row.VerifyUntil);
    }

    private (OAuthSigningKeyRow Row, Entry Entry) Make(DateTimeOffset now)
    {
        var rsa = RSA.Create(KeySize);
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var row = new OAuthSigningKeyRow
        {
            Id = id,
            PublicKey = rsa.ExportSubjectPublicKeyInfoPem(),
            PrivateKey = _protector.Protect(id, rsa.ExportPkcs8PrivateKeyPem()),
            CreatedAt = now,
            SignUntil = now + Settings.Rotation,
            VerifyUntil = now + Settings.Rotation + Settings.TokenLifetime + Settings.VerificationMargin,
        };
        return (row, new Entry(new OAuthSigningKey(id, rsa), true, row.CreatedAt, row.SignUntil, row.VerifyUntil));
    }

    /// <summary>The RSA objects are left to the finalizer: a request may still be signing or verifying with one.</summary>
    public void Dispose() => _reload.Dispose();

    [LoggerMessage(Level = LogLevel.Information, Message = "Made OAuth signing key {KeyId}; it signs new tokens until {SignUntil:o}")]
    private static partial void LogMade(ILogger logger, string keyId, DateTimeOffset signUntil);

    [LoggerMessage(Level = LogLevel.Warning, Message = "OAuth signing key {KeyId} cannot be decrypted with this replica's Identity:OAuth:KeyEncryptionKey: it only verifies here")]
    private static partial void LogUnreadable(ILogger logger, string keyId);
}
