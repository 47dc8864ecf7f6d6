using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Domain.Access;
using MediatR;

namespace Identity.Application.Sessions.DeleteSession;

internal sealed class DeleteSessionHandler(
    RequestContext context,
    ISessionRepository sessions,
    IMembershipRepository memberships,
    ITokenService tokens,
    TimeProvider clock) : IRequestHandler<DeleteSessionCommand, ObjectDetailsDto>
{
    public async Task<ObjectDetailsDto> Handle(DeleteSessionCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = clock.GetUtcNow();
        var session = await sessions.FindVisibleAsync(
            context, memberships, tokens, request.SessionId, request.SessionToken, Permissions.SessionDelete, now, cancellationToken).ConfigureAwait(false);
        session.Terminate(now, context.RequireCaller().UserId.Value);
        sessions.Remove(session);
        return session.Details();
    }
}
