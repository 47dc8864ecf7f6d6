namespace Identity.Domain.Common;

/// <summary>
/// The editor of a change the system made itself (no user acted), as recorded in the audit trail.
/// System editor ids contain a ':' and no user id can (user ids are generated numbers or client
/// ids that <see cref="Users.User"/> refuses with a ':'), so a user can never stand for the system.
/// </summary>
public static class SystemEditor
{
    public const string Prefix = "system:";

    /// <summary>The first-start bootstrap (default org, admin machine user and its token).</summary>
    public const string Bootstrap = Prefix + "bootstrap";

    /// <summary>Shown as the editor's display name of a system change.</summary>
    public const string DisplayName = "System";

    public static bool IsSystem(string editorId) => editorId?.StartsWith(Prefix, StringComparison.Ordinal) == true;

    /// <summary>Whether an id may not be a user's because it could be read as a system editor.</summary>
    public static bool IsReserved(string userId) => userId?.Contains(':', StringComparison.Ordinal) == true;
}
