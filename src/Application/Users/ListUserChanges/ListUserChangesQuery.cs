using Identity.Application.Common;
using Identity.Domain.Access;
using MediatR;

namespace Identity.Application.Users.ListUserChanges;

/// <summary>
/// The audit trail of a user of the tenant, by sequence. <see cref="Sequence"/> starts after that
/// sequence (in the chosen direction); <see cref="Limit"/> 0 means the default.
/// </summary>
public sealed record ListUserChangesQuery(string UserId, ulong Sequence, uint Limit, bool Asc) : IRequest<IReadOnlyList<ChangeDto>>, IAuthorizedRequest
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public string Permission => Permissions.UserRead;
}

public sealed record ChangeDto(
    DateTimeOffset ChangeDate,
    string EventType,
    string LocalizedMessage,
    long Sequence,
    string EditorId,
    string EditorDisplayName,
    string EditorPreferredLoginName,
    string ResourceOwnerId);
