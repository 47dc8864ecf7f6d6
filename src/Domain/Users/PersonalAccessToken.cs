using Identity.Domain.Common;

namespace Identity.Domain.Users;

/// <summary>An opaque bearer token of a machine user, stored only as a one-way hash.</summary>
public sealed class PersonalAccessToken
{
    public PersonalAccessToken(TokenId id, UserId userId, string tokenHash, DateTimeOffset? expiresAt, DateTimeOffset createdAt, long sequence = 0)
    {
        Id = id;
        UserId = userId;
        TokenHash = tokenHash;
        ExpiresAt = expiresAt;
        CreatedAt = createdAt;
        Sequence = sequence;
    }

    public TokenId Id { get; private set; }

    public UserId UserId { get; private set; }

    /// <summary>SHA-256 of the token, hex; the token itself is never stored.</summary>
    public string TokenHash { get; private set; }

    public DateTimeOffset? ExpiresAt { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>The user's sequence after the token was added (ZITADEL's <c>details.sequence</c> of a token).</summary>
    public long Sequence { get; private set; }

    public bool IsValidAt(DateTimeOffset now) => ExpiresAt is null || ExpiresAt > now;
}
