using Identity.Application.Abstractions;
using Identity.Application.Common;
using MediatR;

namespace Identity.Application.Users.ListUserMetadata;

/// <summary>
/// Reads all of the user's entries (bounded by Identity:Limits:MetadataKeysPerUser and MetadataBytesPerUser) and
/// filters, orders and pages them here with .NET's ordinal comparisons, so that every database answers the same
/// (SQLite's LIKE ignores ASCII case, SQL Server's default collation ignores all case, PostgreSQL's does not).
/// </summary>
internal sealed class ListUserMetadataHandler(RequestContext context, IUserRepository users, IUserMetadataRepository metadata, TimeProvider clock)
    : IRequestHandler<ListUserMetadataQuery, ListResultDto<UserMetadataDto>>
{
    public async Task<ListResultDto<UserMetadataDto>> Handle(ListUserMetadataQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var user = await users.FindInOrgAsync(context.RequireTenant().Id, request.UserId, cancellationToken).ConfigureAwait(false);
        var entries = await metadata.AllOfUserAsync(user.Id, cancellationToken).ConfigureAwait(false);
        var matching = entries.Where(e => request.KeyQueries.All(q => TextMatching.Matches(e.Key, q))).ToList();
        var ordered = request.Asc
            ? matching.OrderBy(e => e.Key, StringComparer.Ordinal)
            : matching.OrderByDescending(e => e.Key, StringComparer.Ordinal);
        var limit = request.Limit == 0 ? ListUserMetadataQuery.MaxLimit : (int)request.Limit;
        var page = ordered.Skip((int)request.Offset).Take(limit).Select(e => UserMetadataDto.From(e, user)).ToList();
        return new ListResultDto<UserMetadataDto>(page, matching.Count, user.Sequence, clock.GetUtcNow());
    }
}
