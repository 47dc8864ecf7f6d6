using Identity.Domain.Access;
using Identity.Application.Common;
using MediatR;

namespace Identity.Application.Sessions.GetSession;

/// <summary>
/// ZITADEL v2 GetSession: any authenticated caller; the session is shown with its token, to its creator or
/// its user, or with <c>session.read</c> (instance or the user's org). Anyone else gets NotFound.
/// </summary>
public sealed record GetSessionQuery(string SessionId, string? SessionToken) : IRequest<SessionDto>, IInstanceRequest
{
    public string Permission => AnyAuthenticatedCaller.Permission;

    /// <summary>Never shows the token.</summary>
    public override string ToString() => $"{nameof(GetSessionQuery)} {{ SessionId = {SessionId} }}";
}
