using Identity.Domain.Common;

namespace Identity.Domain.Users;

/// <summary>Identifier of a machine key (numeric string, like ZITADEL's).</summary>
public readonly record struct MachineKeyId(string Value)
{
    public override string ToString() => Value;
}

/// <summary>ZITADEL's <c>zitadel.authn.v1.KeyType</c>: only JSON key files are offered.</summary>
public enum MachineKeyType
{
    Unspecified = 0,
    Json = 1,
}

/// <summary>
/// A public key of a machine user for the JWT-profile grant (RFC 7523): an assertion signed with the matching
/// private key and naming this key's id authenticates the user until <see cref="ExpiresAt"/>. Only the public key is
/// stored; a generated private key is handed out once, in the key file, and never kept.
/// </summary>
public sealed class MachineKey
{
    /// <summary>Upstream's expiration of a key without one (<c>9999-12-31T23:59:59Z</c>).</summary>
    public static readonly DateTimeOffset NoExpiration = new(9999, 12, 31, 23, 59, 59, TimeSpan.Zero);

    public MachineKey(MachineKeyId id, UserId userId, MachineKeyType type, string publicKey, DateTimeOffset expiresAt, DateTimeOffset createdAt, long sequence = 0)
    {
        ArgumentException.ThrowIfNullOrEmpty(publicKey);
        Id = id;
        UserId = userId;
        Type = type;
        PublicKey = publicKey;
        ExpiresAt = expiresAt;
        CreatedAt = createdAt;
        Sequence = sequence;
    }

    public MachineKeyId Id { get; private set; }

    public UserId UserId { get; private set; }

    public MachineKeyType Type { get; private set; }

    /// <summary>The RSA public key as PEM text (<c>-----BEGIN PUBLIC KEY-----</c>, SubjectPublicKeyInfo).</summary>
    public string PublicKey { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>The user's sequence after the key was added (<c>details.sequence</c> of a key).</summary>
    public long Sequence { get; private set; }

    /// <summary>Whether the key still authenticates at <paramref name="now"/>.</summary>
    public bool IsActiveAt(DateTimeOffset now) => ExpiresAt > now;

    /// <summary>
    /// Upstream's rule for a key's expiration (<c>ValidateExpirationDate</c>): none means <see cref="NoExpiration"/>,
    /// one in the past (or now) is refused with <c>DOMAIN-dv3t5</c>.
    /// </summary>
    public static DateTimeOffset ValidateExpiration(DateTimeOffset? expiresAt, DateTimeOffset now)
    {
        if (expiresAt is not { } expiry)
        {
            return NoExpiration;
        }

        if (expiry <= now)
        {
            throw new DomainException(Errors.Domain.ExpireBeforeNow, "The expiration date must be in the future");
        }

        return expiry;
    }
}
