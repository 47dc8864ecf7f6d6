using Identity.Application.Common;
using Identity.Domain.Access;

namespace Identity.Application.Sessions.CreateSession;

/// <summary>
/// ZITADEL v2 CreateSession: a new session with a user check and, optionally, a password check, metadata
/// and a lifetime. Instance-wide (the user may be of any org); <c>session.write</c> at instance level.
/// It declares no target: the user proves itself with its password, and a session is not an API
/// credential (its token is refused as a bearer token), so no power passes to the caller.
/// </summary>
public sealed record CreateSessionCommand(
    UserCheckInput? User,
    string? Password,
    IReadOnlyDictionary<string, byte[]> Metadata,
    UserAgentInput? UserAgent,
    TimeSpan? Lifetime) : ICommand<SessionTokenResult>, IInstanceRequest, ITargetsNoUser, IChecksPassword
{
    public string Permission => Permissions.SessionWrite;

    /// <summary>Checks and challenges of the wire request this module does not offer; any one sent is refused (Unimplemented).</summary>
    public IReadOnlyList<string> UnsupportedChecks { get; init; } = [];

    /// <summary>Never shows the password or metadata values.</summary>
    public override string ToString() => $"{nameof(CreateSessionCommand)} {{ PasswordCheck = {Password is not null} }}";
}
