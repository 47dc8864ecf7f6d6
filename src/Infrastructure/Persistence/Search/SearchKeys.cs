using Identity.Domain.Users;

namespace Identity.Infrastructure.Persistence.Search;

/// <summary>
/// The folded forms a search compares when it ignores case. The user name's is the user's own key
/// (<see cref="User.NormalizeUserName"/>, which uniqueness uses); the email's is a column of its own, kept by
/// <see cref="IdentityDbContext"/> on every save (<see cref="EmailKey"/>).
/// </summary>
internal static class SearchKeys
{
    /// <summary>The shadow column of users: the human's email in upper case (invariant), NULL for machines.</summary>
    public const string EmailKey = "EmailKey";

    public static string Email(string email) => email.ToUpperInvariant();

    /// <summary>A part of a user name folded as the key folds it, without the trimming that only a whole name gets.</summary>
    public static string UserNamePart(string value) => value.Normalize(System.Text.NormalizationForm.FormKC).ToUpperInvariant();

    /// <summary>
    /// A time as its stored text, to order by on SQLite (which EF Core cannot order by a DateTimeOffset): the module
    /// stores every time in UTC as "yyyy-MM-dd HH:mm:ss.FFFFFFF+00:00", whose text order is the time order. Only
    /// in queries; registered on SQLite's model by <see cref="IdentityDbContext"/>.
    /// </summary>
    public static string StoredText(DateTimeOffset value) => throw new NotSupportedException($"{nameof(StoredText)} is for SQLite queries only ({value:O})");
}
