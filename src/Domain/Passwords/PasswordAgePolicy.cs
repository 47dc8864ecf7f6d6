namespace Identity.Domain.Passwords;

/// <summary>
/// ZITADEL's password age settings of an organization (or the instance default): after how many days a
/// password expires (the user must change it at the next sign-in; 0 = never), and how many days before that a
/// client may warn (informational: nothing here sends a warning).
/// </summary>
public sealed record PasswordAgePolicy(uint MaxAgeDays, uint ExpireWarnDays)
{
    /// <summary>ZITADEL's instance default: passwords never expire.</summary>
    public static PasswordAgePolicy Default { get; } = new(0, 0);

    /// <summary>Whether passwords expire at all.</summary>
    public bool Expires => MaxAgeDays > 0;

    /// <summary>
    /// Whether a password last set at <paramref name="changedAt"/> has expired at <paramref name="now"/>: it is
    /// older than <see cref="MaxAgeDays"/> days (exactly that old is not yet expired, as upstream). A password of
    /// unknown age (null) does not expire.
    /// </summary>
    public bool HasExpired(DateTimeOffset? changedAt, DateTimeOffset now)
    {
        if (!Expires || changedAt is not { } changed || MaxAgeDays > TimeSpan.MaxValue.Days)
        {
            // No expiry, no known age, or an age no date can reach (uint32 days exceed TimeSpan's range).
            return false;
        }

        return now - changed > TimeSpan.FromDays(MaxAgeDays);
    }
}
