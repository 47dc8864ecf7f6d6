using Identity.Application.Common;
using Identity.Domain.Access;
using MediatR;

namespace Identity.Application.Users.ListUserMetadata;

/// <summary>
/// The metadata entries of a user of the tenant whose key matches every key query (AND), a page of them by key
/// (ordinal; <see cref="Asc"/>: A to Z), and how many match in all.
/// </summary>
public sealed record ListUserMetadataQuery(string UserId, IReadOnlyList<TextQuery> KeyQueries, ulong Offset, uint Limit, bool Asc)
    : IRequest<ListResultDto<UserMetadataDto>>, IAuthorizedRequest
{
    /// <summary>ZITADEL's v1 list limit: 0 means this many, more is refused.</summary>
    public const int MaxLimit = 1000;

    public string Permission => Permissions.UserRead;
}
