using Identity.Application.Common;
using Identity.Domain.Access;

namespace Identity.Application.Sessions.SetSession;

/// <summary>
/// ZITADEL v2 SetSession: adds checks (a password check for a session created with a user check only),
/// sets metadata or a new lifetime, and issues a new session token (the previous one stops working).
/// <c>session.write</c> at instance level; no target, for the reason given on <see cref="CreateSession.CreateSessionCommand"/>.
/// </summary>
public sealed record SetSessionCommand(
    string SessionId,
    UserCheckInput? User,
    string? Password,
    IReadOnlyDictionary<string, byte[]> Metadata,
    TimeSpan? Lifetime) : ICommand<SessionTokenResult>, IInstanceRequest, ITargetsNoUser, IChecksPassword
{
    public string Permission => Permissions.SessionWrite;

    /// <summary>Checks and challenges of the wire request this module does not offer; any one sent is refused (Unimplemented).</summary>
    public IReadOnlyList<string> UnsupportedChecks { get; init; } = [];

    /// <summary>Never shows the password or metadata values.</summary>
    public override string ToString() => $"{nameof(SetSessionCommand)} {{ SessionId = {SessionId}, PasswordCheck = {Password is not null} }}";
}
