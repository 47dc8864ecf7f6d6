using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Domain.Common;
using Identity.Domain.Sessions;
using MediatR;

namespace Identity.Application.Sessions.CreateSession;

internal sealed class CreateSessionHandler(
    RequestContext context,
    ISessionRepository sessions,
    SessionChecks checks,
    ITokenService tokens,
    IIdGenerator ids,
    TimeProvider clock) : IRequestHandler<CreateSessionCommand, SessionTokenResult>
{
    public async Task<SessionTokenResult> Handle(CreateSessionCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        SessionRequests.RefuseUnsupported(request.UnsupportedChecks);
        var creator = context.RequireCaller().UserId.Value;
        var now = clock.GetUtcNow();
        var (token, hash) = tokens.Generate();
        var session = Session.Create(new SessionId(ids.NewId()), hash, creator, SessionRequests.ToUserAgent(request.UserAgent), now);
        var user = await checks.ApplyAsync(session, request.Metadata, request.Lifetime, request.User, request.Password, cancellationToken).ConfigureAwait(false);
        sessions.Add(session);
        var reason = await checks.ChangeReasonAsync(user, cancellationToken).ConfigureAwait(false);
        return new SessionTokenResult(session.Details(), session.Id.Value, token)
        {
            PasswordChangeRequired = reason != PasswordChangeReason.None,
            PasswordChangeReason = reason,
        };
    }
}
