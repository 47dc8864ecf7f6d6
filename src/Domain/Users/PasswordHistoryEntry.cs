namespace Identity.Domain.Users;

/// <summary>
/// One former password of a user, kept for the password history rule: its hash (a secret like the password
/// hash: never logged, never in an event or error) and when it was set. <see cref="Number"/> orders the entries
/// of one user (higher is newer).
/// </summary>
public sealed class PasswordHistoryEntry
{
    internal PasswordHistoryEntry(int number, string hash, DateTimeOffset setAt)
    {
        Number = number;
        Hash = hash;
        SetAt = setAt;
    }

    public int Number { get; private set; }

    public string Hash { get; private set; }

    public DateTimeOffset SetAt { get; private set; }

    public override string ToString() => $"PasswordHistoryEntry {{ Number = {Number}, SetAt = {SetAt:O} }}";
}
