namespace Identity.Domain.Common;

/// <summary>
/// The editor of a change the system made itself (no user acted), as recorded in the audit trail.
/// System editor ids contain a ':' and no user id can (user ids are generated numbers or client-chosen
/// ids of A-Z, a-z, 0-9, '_' and '-': <see cref="Users.User.IsWellFormedId"/>), so a user can never
/// stand for the system.
/// </summary>
public static class SystemEditor
{
    public const string Prefix = "system:";

    /// <summary>The first-start bootstrap (default org, admin machine user and its token).</summary>
    public const string Bootstrap = Prefix + "bootstrap";

    /// <summary>The lockout policy: a user locked after too many failed password checks.</summary>
    public const string Lockout = Prefix + "lockout";

    /// <summary>The notification sender: a reset code issued for the email it sends.</summary>
    public const string Notifications = Prefix + "notifications";

    /// <summary>Shown as the editor's display name of a system change.</summary>
    public const string DisplayName = "System";

    public static bool IsSystem(string editorId) => editorId?.StartsWith(Prefix, StringComparison.Ordinal) == true;
}
