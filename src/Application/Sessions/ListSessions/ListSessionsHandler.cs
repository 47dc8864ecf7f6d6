using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Domain.Access;
using Identity.Domain.Common;
using MediatR;

namespace Identity.Application.Sessions.ListSessions;

internal sealed class ListSessionsHandler(
    RequestContext context,
    ISessionRepository sessions,
    IMembershipRepository memberships,
    SessionReader reader,
    TimeProvider clock) : IRequestHandler<ListSessionsQuery, ListSessionsResult>
{
    public async Task<ListSessionsResult> Handle(ListSessionsQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        SessionRequests.RefuseUnsupported(request.UnsupportedQueries);
        var now = clock.GetUtcNow();

        // AND of the queries: the intersection of the ids queries; more than one distinct user id matches nothing.
        IReadOnlyCollection<SessionId>? ids = null;
        if (request.IdsQueries.Count > 0)
        {
            var common = new HashSet<string>(request.IdsQueries[0], StringComparer.Ordinal);
            foreach (var query in request.IdsQueries.Skip(1))
            {
                common.IntersectWith(query);
            }

            ids = common.Select(id => new SessionId(id)).ToList();
        }

        var userIds = request.UserIdQueries.Distinct(StringComparer.Ordinal).ToList();
        if (userIds.Count > 1 || ids is { Count: 0 })
        {
            return new ListSessionsResult(0, now, []);
        }

        var caller = context.RequireCaller();
        var seesAll = caller.IsSystem
            || Roles.Grant(await memberships.GetRolesAsync(caller.UserId, [Membership.InstanceScope], cancellationToken).ConfigureAwait(false), Permissions.SessionRead);
        var limit = request.Limit == 0 ? ListSessionsQuery.DefaultLimit : request.Limit;
        var (page, total) = await sessions.ListAsync(
            ids,
            userIds.Count == 1 ? new UserId(userIds[0]) : null,
            seesAll ? null : caller.UserId.Value,
            now,
            (long)request.Offset,
            (int)limit,
            request.Asc,
            cancellationToken).ConfigureAwait(false);
        return new ListSessionsResult(total, now, await reader.ToDtosAsync(page, cancellationToken).ConfigureAwait(false));
    }
}
