using Identity.Application.Common;

namespace Identity.Application.Sessions;

/// <summary>The user check of a session: by user id or by login name (<c>user name@org primary domain</c>, any letter case); exactly one.</summary>
public sealed record UserCheckInput(string? UserId, string? LoginName);

/// <summary>What a client says about the user agent of a session; stored as sent.</summary>
public sealed record UserAgentInput(string? FingerprintId, string? Ip, string? Description, IReadOnlyDictionary<string, IReadOnlyList<string>> Header);

/// <summary>A session as GetSession and ListSessions show it (never its token).</summary>
public sealed record SessionDto(
    string Id,
    DateTimeOffset CreationDate,
    DateTimeOffset ChangeDate,
    long Sequence,
    UserFactorDto? User,
    DateTimeOffset? PasswordVerifiedAt,
    IReadOnlyDictionary<string, byte[]> Metadata,
    UserAgentInput? UserAgent,
    DateTimeOffset? ExpirationDate);

/// <summary>The checked user of a session, with its current login name and display name.</summary>
public sealed record UserFactorDto(DateTimeOffset VerifiedAt, string Id, string LoginName, string DisplayName, string OrganizationId);

/// <summary>A session's id and its new token (shown once), with the session's details.</summary>
public sealed record SessionTokenResult(ObjectDetailsDto Details, string SessionId, string SessionToken)
{
    /// <summary>
    /// When the request checked a password: whether the user must change it (set by an administrator with
    /// SetHumanInitialPassword, or expired by the org's password age policy; <see cref="PasswordChangeReason"/>
    /// says which). Not in ZITADEL's answer; served as an extra field (README.md, "Sign-in").
    /// </summary>
    public bool PasswordChangeRequired { get; init; }

    /// <summary>Why <see cref="PasswordChangeRequired"/> is set; <see cref="Sessions.PasswordChangeReason.None"/> when it is not.</summary>
    public PasswordChangeReason PasswordChangeReason { get; init; }

    /// <summary>Never shows the token.</summary>
    public override string ToString() => $"{nameof(SessionTokenResult)} {{ SessionId = {SessionId} }}";
}

/// <summary>Why a signed-in user must change its password.</summary>
public enum PasswordChangeReason
{
    /// <summary>No change is required.</summary>
    None = 0,

    /// <summary>The user's stored flag: the password was set with change required (by an administrator, or an import).</summary>
    SetByAdministrator = 1,

    /// <summary>The password is older than the effective password age policy's max_age_days.</summary>
    Expired = 2,
}
