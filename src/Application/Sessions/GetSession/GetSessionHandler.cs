using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Domain.Access;
using MediatR;

namespace Identity.Application.Sessions.GetSession;

internal sealed class GetSessionHandler(
    RequestContext context,
    ISessionRepository sessions,
    IMembershipRepository memberships,
    ITokenService tokens,
    SessionReader reader,
    TimeProvider clock) : IRequestHandler<GetSessionQuery, SessionDto>
{
    public async Task<SessionDto> Handle(GetSessionQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var session = await sessions.FindVisibleAsync(
            context, memberships, tokens, request.SessionId, request.SessionToken, Permissions.SessionRead, clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return (await reader.ToDtosAsync([session], cancellationToken).ConfigureAwait(false))[0];
    }
}
