using System.Security.Cryptography;
using System.Text;
using Identity.Domain.Common;

namespace Identity.Domain.Sessions;

/// <summary>What a client said about the user agent of a session (ZITADEL's <c>UserAgent</c>); stored as sent.</summary>
public sealed record SessionUserAgent(string? FingerprintId, string? Ip, string? Description, IReadOnlyDictionary<string, IReadOnlyList<string>> Header);

/// <summary>
/// A sign-in session (ZITADEL's v2 session): the checks its user passed and when, its metadata, and the
/// hash of its token. The token itself is shown once, when it is issued (create and every update), and
/// never stored; a session is found by id and proven by its token (<see cref="TokenMatches"/>).
/// </summary>
public sealed class Session : AggregateRoot
{
    public const int MaxMetadataKeys = 20;
    public const int MaxMetadataKeyLength = 200;
    public const int MaxMetadataValueBytes = 2048;

    /// <summary>Longest lifetime a session can be given (ZITADEL sets no bound; a bound keeps the date representable).</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(36_500);

    private Dictionary<string, byte[]> _metadata = new(StringComparer.Ordinal);

    private Session(SessionId id, string tokenHash, string creatorId)
    {
        Id = id;
        TokenHash = tokenHash;
        CreatorId = creatorId;
    }

    public SessionId Id { get; private set; }

    /// <summary>SHA-256 (hex) of the current session token; never logged, never in an event.</summary>
    public string TokenHash { get; private set; }

    /// <summary>Who created the session (a user id or a system editor id).</summary>
    public string CreatorId { get; private set; }

    public UserId? UserId { get; private set; }

    public OrgId? UserOrgId { get; private set; }

    public DateTimeOffset? UserCheckedAt { get; private set; }

    public DateTimeOffset? PasswordCheckedAt { get; private set; }

    public SessionUserAgent? UserAgent { get; private set; }

    public IReadOnlyDictionary<string, byte[]> Metadata => _metadata;

    /// <summary>When the session stops working; null: never.</summary>
    public DateTimeOffset? ExpiresAt { get; private set; }

    protected override string AggregateType => "session";

    protected override string AggregateId => Id.Value;

    /// <summary>The checked user's org; before a user check, no org (the instance).</summary>
    protected override string ResourceOwnerId => UserOrgId?.Value ?? string.Empty;

    public static Session Create(SessionId id, string tokenHash, string creatorId, SessionUserAgent? userAgent, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(tokenHash);
        ArgumentException.ThrowIfNullOrEmpty(creatorId);
        var session = new Session(id, tokenHash, creatorId) { UserAgent = userAgent };
        session.Raise(new SessionAdded(userAgent?.FingerprintId), now, creatorId);
        return session;
    }

    public bool IsExpired(DateTimeOffset now) => ExpiresAt is { } expiry && expiry <= now;

    /// <summary>Whether <paramref name="presentedTokenHash"/> is the hash of this session's token, compared in constant time.</summary>
    public bool TokenMatches(string? presentedTokenHash) =>
        presentedTokenHash is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(presentedTokenHash), Encoding.ASCII.GetBytes(TokenHash));

    /// <summary>
    /// The user check: the session is for this user from now on. A session's user cannot be changed once
    /// checked (checking the same user again renews the check's time).
    /// </summary>
    public void CheckUser(UserId userId, OrgId userOrgId, DateTimeOffset now, string editorId)
    {
        if (UserId is { } current && current != userId)
        {
            throw new DomainException(Errors.Session.UserChanged, "The session's user was already checked and cannot be changed");
        }

        UserId = userId;
        UserOrgId = userOrgId;
        UserCheckedAt = now;
        Raise(new SessionUserChecked(userId.Value, userOrgId.Value), now, editorId);
    }

    /// <summary>Records that the session's user proved its password (the caller verified it).</summary>
    public void CheckPassword(DateTimeOffset now, string editorId)
    {
        var userId = UserId ?? throw new DomainException(Errors.Session.UserCheckRequired, "A password check needs a user check first");
        PasswordCheckedAt = now;
        Raise(new SessionPasswordChecked(userId.Value), now, editorId);
    }

    /// <summary>Sets metadata keys; an empty value removes its key. Keys 1..200 characters, values up to 2 KiB, at most 20 keys.</summary>
    public void SetMetadata(IReadOnlyDictionary<string, byte[]> changes, DateTimeOffset now, string editorId)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.Count == 0)
        {
            return;
        }

        var next = new Dictionary<string, byte[]>(_metadata, StringComparer.Ordinal);
        foreach (var (key, value) in changes)
        {
            if (string.IsNullOrEmpty(key) || key.Length > MaxMetadataKeyLength || (value?.Length ?? 0) > MaxMetadataValueBytes)
            {
                throw MetadataInvalid();
            }

            Text.EnsureAllowed(key, "metadata");
            if (value is null || value.Length == 0)
            {
                next.Remove(key);
            }
            else
            {
                next[key] = value;
            }
        }

        if (next.Count > MaxMetadataKeys)
        {
            throw MetadataInvalid();
        }

        _metadata = next;
        Raise(new SessionMetadataSet([.. changes.Keys.Order(StringComparer.Ordinal)]), now, editorId);
    }

    /// <summary>The session expires <paramref name="lifetime"/> from now.</summary>
    public void SetLifetime(TimeSpan lifetime, DateTimeOffset now, string editorId)
    {
        if (lifetime <= TimeSpan.Zero || lifetime > MaxLifetime)
        {
            throw new DomainException(Errors.Session.LifetimeInvalid, "lifetime must be a positive duration of at most 36500 days");
        }

        ExpiresAt = now + lifetime;
        Raise(new SessionLifetimeSet(now + lifetime), now, editorId);
    }

    /// <summary>A new token replaces the current one (SetSession); the previous token stops working.</summary>
    public void RenewToken(string tokenHash, DateTimeOffset now, string editorId)
    {
        ArgumentException.ThrowIfNullOrEmpty(tokenHash);
        TokenHash = tokenHash;
        Raise(new SessionTokenRenewed(), now, editorId);
    }

    /// <summary>Records the deletion; the caller deletes the session in the same transaction.</summary>
    public void Terminate(DateTimeOffset now, string editorId) => Raise(new SessionTerminated(), now, editorId);

    private static DomainException MetadataInvalid() =>
        new(Errors.Session.MetadataInvalid, $"Session metadata: keys of 1 to {MaxMetadataKeyLength} characters, values of at most {MaxMetadataValueBytes} bytes, at most {MaxMetadataKeys} keys");
}
