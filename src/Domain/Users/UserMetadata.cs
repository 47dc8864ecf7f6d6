using Identity.Domain.Common;

namespace Identity.Domain.Users;

/// <summary>
/// One metadata entry of a user: a key and an opaque value (bytes, never interpreted). The value may be a secret of
/// the integrator: it is never logged and never in an event (events name the keys only).
/// </summary>
public sealed class UserMetadata
{
    public UserMetadata(UserId userId, string key, byte[] value, DateTimeOffset createdAt, long sequence)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        UserId = userId;
        Key = key;
        Value = value;
        CreatedAt = createdAt;
        ChangedAt = createdAt;
        Sequence = sequence;
    }

    public UserId UserId { get; private set; }

    /// <summary>1 to <see cref="MetadataLimits.MaxKeyLength"/> code points of allowed text; compared ordinally (case matters).</summary>
    public string Key { get; private set; }

    /// <summary>1 to <see cref="MetadataLimits.MaxValueBytes"/> bytes.</summary>
#pragma warning disable CA1819 // the value is bytes on the wire; EF maps the array as it is
    public byte[] Value { get; private set; }
#pragma warning restore CA1819

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset ChangedAt { get; private set; }

    /// <summary>The user's sequence after the entry was last set (ZITADEL's <c>details.sequence</c> of a metadata entry).</summary>
    public long Sequence { get; private set; }

    internal void Change(byte[] value, DateTimeOffset at, long sequence)
    {
        Value = value;
        ChangedAt = at;
        Sequence = sequence;
    }

    /// <summary>Never shows the value.</summary>
    public override string ToString() => $"{nameof(UserMetadata)} {{ UserId = {UserId.Value}, Key = {Key}, Value = ({Value.Length} bytes) }}";
}

/// <summary>
/// Size limits of user metadata: per entry as upstream (key 1..200 code points, value 1..500,000 bytes), and per
/// user (how many keys, how many value bytes in all; configurable).
/// </summary>
public sealed record MetadataLimits(int MaxKeysPerUser, long MaxBytesPerUser)
{
    public const int MaxKeyLength = 200;

    public const int MaxValueBytes = 500_000;

    public static MetadataLimits Default { get; } = new(100, 1_000_000);

    /// <summary>Whether <paramref name="key"/> is 1 to <see cref="MaxKeyLength"/> code points (the text rule is <see cref="Text.IsAllowed"/>).</summary>
    public static bool IsKeyLengthValid(string? key) => key is not null && Text.CodePoints(key) is >= 1 and <= MaxKeyLength;

    public static bool IsValueLengthValid(byte[]? value) => value is { Length: >= 1 and <= MaxValueBytes };
}
