using Identity.Application.Abstractions;
using Identity.Application.Common;
using MediatR;

namespace Identity.Application.Sessions.SetSession;

internal sealed class SetSessionHandler(
    RequestContext context,
    ISessionRepository sessions,
    SessionChecks checks,
    ITokenService tokens,
    TimeProvider clock) : IRequestHandler<SetSessionCommand, SessionTokenResult>
{
    public async Task<SessionTokenResult> Handle(SetSessionCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        SessionRequests.RefuseUnsupported(request.UnsupportedChecks);
        var editor = context.RequireCaller().UserId.Value;
        var now = clock.GetUtcNow();
        var session = await sessions.GetAsync(new Domain.Common.SessionId(request.SessionId), cancellationToken).ConfigureAwait(false);
        if (session is null || session.IsExpired(now))
        {
            throw SessionRequests.NotFound();
        }

        var user = await checks.ApplyAsync(session, request.Metadata, request.Lifetime, request.User, request.Password, cancellationToken).ConfigureAwait(false);
        var (token, hash) = tokens.Generate();
        session.RenewToken(hash, now, editor);
        var reason = await checks.ChangeReasonAsync(user, cancellationToken).ConfigureAwait(false);
        return new SessionTokenResult(session.Details(), session.Id.Value, token)
        {
            PasswordChangeRequired = reason != PasswordChangeReason.None,
            PasswordChangeReason = reason,
        };
    }
}
