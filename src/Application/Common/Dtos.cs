namespace Identity.Application.Common;

/// <summary>ZITADEL's <c>details</c>: the aggregate's sequence, creation and change time, and owning org.</summary>
public sealed record ObjectDetailsDto(long Sequence, DateTimeOffset CreationDate, DateTimeOffset ChangeDate, string ResourceOwner);
