using Identity.Application.Common;
using Identity.Domain.Access;
using MediatR;

namespace Identity.Application.Sessions.ListSessions;

/// <summary>
/// ZITADEL v2 ListSessions with the ids and user id queries (AND-combined), by creation date. Any
/// authenticated caller: with <c>session.read</c> at instance level it sees every session, otherwise only
/// those it created or whose user it is. Expired sessions are not listed.
/// </summary>
public sealed record ListSessionsQuery(ulong Offset, uint Limit, bool Asc, IReadOnlyList<IReadOnlyList<string>> IdsQueries, IReadOnlyList<string> UserIdQueries)
    : IRequest<ListSessionsResult>, IInstanceRequest
{
    public const uint DefaultLimit = 100;
    public const uint MaxLimit = 1000;

    public string Permission => AnyAuthenticatedCaller.Permission;

    /// <summary>Search queries of the wire request this module does not offer; any one sent is refused (Unimplemented).</summary>
    public IReadOnlyList<string> UnsupportedQueries { get; init; } = [];
}

public sealed record ListSessionsResult(long TotalResult, DateTimeOffset Timestamp, IReadOnlyList<SessionDto> Sessions);
