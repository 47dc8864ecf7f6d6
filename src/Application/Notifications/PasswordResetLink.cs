using System.Text.RegularExpressions;

namespace Identity.Application.Notifications;

/// <summary>
/// The link of a password reset email, from a template with ZITADEL's placeholders <c>{{.UserID}}</c>,
/// <c>{{.Code}}</c> and <c>{{.OrgID}}</c> (e.g. <c>https://login.example.com/reset?user={{.UserID}}&amp;code={{.Code}}</c>).
/// A template is an absolute http or https URL once its placeholders are filled in, holds <c>{{.Code}}</c> (a link
/// without the code cannot reset anything) and no other <c>{{ }}</c> expression. Each value is URL-encoded.
/// </summary>
internal static partial class PasswordResetLink
{
    public const string UserIdPlaceholder = "{{.UserID}}";
    public const string CodePlaceholder = "{{.Code}}";
    public const string OrgIdPlaceholder = "{{.OrgID}}";

    /// <summary>Longest url_template of a request (the contract's bound).</summary>
    public const int MaxRequestLength = 200;

    /// <summary>Longest configured template (<c>Identity:Notifications:PasswordResetUrl</c>).</summary>
    public const int MaxConfiguredLength = 2000;

    /// <summary>Null when <paramref name="template"/> is a usable template of at most <paramref name="maxLength"/> characters; otherwise why not.</summary>
    public static string? Problem(string? template, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(template))
        {
            return "it is empty";
        }

        if (template.Length > maxLength)
        {
            return $"it is longer than {maxLength} characters";
        }

        if (template.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return "it contains white space or control characters";
        }

        var rest = Placeholder().Replace(template, string.Empty);
        if (rest.Contains("{{", StringComparison.Ordinal) || rest.Contains("}}", StringComparison.Ordinal))
        {
            return $"its only placeholders may be {UserIdPlaceholder}, {CodePlaceholder} and {OrgIdPlaceholder}";
        }

        if (!template.Contains(CodePlaceholder, StringComparison.Ordinal))
        {
            return $"it lacks {CodePlaceholder}";
        }

        var sample = Fill(template, "100000000000000001", "ABC123", "100000000000000002");
        if (!Uri.TryCreate(sample, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) || uri.Host.Length == 0)
        {
            return "it is not an absolute http or https URL";
        }

        return null;
    }

    /// <summary>The link for one user and code (only for a template <see cref="Problem"/> accepted).</summary>
    public static string Render(string template, string userId, string code, string orgId)
    {
        ArgumentNullException.ThrowIfNull(template);
        return Fill(template, userId, code, orgId);
    }

    private static string Fill(string template, string userId, string code, string orgId) => template
        .Replace(UserIdPlaceholder, Uri.EscapeDataString(userId), StringComparison.Ordinal)
        .Replace(CodePlaceholder, Uri.EscapeDataString(code), StringComparison.Ordinal)
        .Replace(OrgIdPlaceholder, Uri.EscapeDataString(orgId), StringComparison.Ordinal);

    [GeneratedRegex(@"\{\{\.(UserID|Code|OrgID)\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}

/// <summary>What the reset-by-email path is configured with (<c>Identity:Notifications:*</c>).</summary>
/// <param name="PasswordResetUrl">The link template of reset emails whose request names none; null: such a request is refused.</param>
internal sealed record NotificationSettings(string? PasswordResetUrl);
