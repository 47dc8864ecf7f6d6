namespace Identity.Application.Users;

/// <summary>Shapes of user fields shared by several requests.</summary>
internal static class UserFieldRules
{
    /// <summary>The shape FluentValidation's EmailAddress() checks (one '@', not first, not last), at most 200 characters.</summary>
    public static bool IsEmailAddress(string? email) =>
        !string.IsNullOrWhiteSpace(email) && email.Length <= 200
        && email.IndexOf('@', StringComparison.Ordinal) is > 0 and var at && at < email.Length - 1 && at == email.LastIndexOf('@');
}
