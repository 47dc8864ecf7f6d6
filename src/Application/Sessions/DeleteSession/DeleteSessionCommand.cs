using Identity.Application.Common;
using Identity.Domain.Access;

namespace Identity.Application.Sessions.DeleteSession;

/// <summary>
/// ZITADEL v2 DeleteSession: ends the session and its token. Any authenticated caller; allowed with the
/// session token, for its creator or its user, or with <c>session.delete</c> (instance or the user's org).
/// Anyone else gets NotFound. Acts on a session, not on a user's credentials or state.
/// </summary>
public sealed record DeleteSessionCommand(string SessionId, string? SessionToken) : ICommand<ObjectDetailsDto>, IInstanceRequest, ITargetsNoUser
{
    public string Permission => AnyAuthenticatedCaller.Permission;

    /// <summary>Never shows the token.</summary>
    public override string ToString() => $"{nameof(DeleteSessionCommand)} {{ SessionId = {SessionId} }}";
}
