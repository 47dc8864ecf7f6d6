namespace Identity.Domain.Common;

/// <summary>
/// Something that happened to an aggregate. The payload holds plain facts only, never a secret
/// (password, hash or token): it is stored as-is in the audit trail.
/// </summary>
public sealed record DomainEvent(
    string AggregateId,
    string AggregateType,
    long Sequence,
    string Type,
    DateTimeOffset CreatedAt,
    string EditorId,
    string ResourceOwner,
    IReadOnlyDictionary<string, object?> Payload);
