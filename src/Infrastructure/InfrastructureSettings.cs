namespace Identity.Infrastructure;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
    Postgres,
}

/// <summary>Which database, and how to reach it.</summary>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString);

/// <summary>First-start bootstrap: the default org, its admin machine user, and the admin token file.</summary>
/// <param name="TokenLifetime">How long the admin's token works; null: it never expires.</param>
/// <param name="ReissueAdminToken">At start, give the existing bootstrap admin a new token (when its token file is absent).</param>
public sealed record BootstrapSettings(bool Enabled, string OrgName, string AdminUserName, string TokenFile, TimeSpan? TokenLifetime = null, bool ReissueAdminToken = false);

public sealed record InfrastructureSettings(DatabaseSettings Database, int HashIterations, int? NodeId, BootstrapSettings Bootstrap)
{
    public OutboxSettings Outbox { get; init; } = new();

    /// <summary>Null: no SMTP server, the email sender is not configured.</summary>
    public SmtpSettings? Smtp { get; init; }

    public SessionCleanupSettings SessionCleanup { get; init; } = new();

    public OAuthKeySettings OAuth { get; init; } = new();
}

/// <summary>The signing keys of the OAuth token endpoint.</summary>
/// <param name="Rotation">How long a key signs new access tokens before the next one takes over.</param>
/// <param name="TokenLifetime">How long an access token lives: a key is kept for verification that long after it stopped signing (plus <see cref="VerificationMargin"/>).</param>
/// <param name="KeyEncryptionKey">32 bytes: private keys are stored encrypted with it (AES-256-GCM); null: stored as PEM text.</param>
public sealed record OAuthKeySettings(TimeSpan Rotation, TimeSpan TokenLifetime, byte[]? KeyEncryptionKey)
{
    public OAuthKeySettings()
        : this(TimeSpan.FromHours(6), TimeSpan.FromHours(12), null)
    {
    }

    /// <summary>How often a replica reloads the keys (and sees the keys other replicas made).</summary>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The next key is made this long before the current one stops signing.</summary>
    public TimeSpan RenewalLead { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>A new key signs only this long after it was made (more than <see cref="RefreshInterval"/>, less than <see cref="RenewalLead"/>), so that every replica's JWKS lists it first.</summary>
    public TimeSpan Propagation { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Kept beyond the last token's expiry: clock skew between replicas and resource servers.</summary>
    public TimeSpan VerificationMargin { get; init; } = TimeSpan.FromMinutes(5);
}

/// <summary>When expired sessions are deleted.</summary>
/// <param name="DeleteExpiredAfter">How long after its expiry a session's row is kept.</param>
/// <param name="Interval">How often a replica looks for such rows.</param>
public sealed record SessionCleanupSettings(TimeSpan DeleteExpiredAfter, TimeSpan Interval)
{
    public SessionCleanupSettings()
        : this(TimeSpan.FromDays(1), TimeSpan.FromHours(1))
    {
    }
}

/// <summary>How the outbox dispatcher delivers integration events.</summary>
/// <param name="PollInterval">How often it looks for rows committed by other replicas (its own commits wake it at once).</param>
/// <param name="LeaseDuration">How long a replica's lease on a subscriber group lasts unless renewed (renewed at a third of it).</param>
/// <param name="RetryInitialDelay">First wait after a handler threw; doubled after each failure ...</param>
/// <param name="RetryMaxDelay">... up to this.</param>
/// <param name="BatchSize">Messages read at once per group.</param>
public sealed record OutboxSettings(TimeSpan PollInterval, TimeSpan LeaseDuration, TimeSpan RetryInitialDelay, TimeSpan RetryMaxDelay, int BatchSize = 100)
{
    public OutboxSettings()
        : this(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(15), TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5))
    {
    }

    /// <summary>
    /// Longest time a transaction may hold an outbox id before it commits: ids older than this are settled, so
    /// the group's watermark may pass them (a message that commits later still is delivered, but only if its
    /// transaction lasted less than this).
    /// </summary>
    public TimeSpan GapWindow { get; init; } = TimeSpan.FromMinutes(1);
}

/// <summary>How the SMTP connection is secured.</summary>
public enum SmtpTlsMode
{
    /// <summary>Plain SMTP, no TLS (only for a relay on loopback or a trusted network).</summary>
    None,

    /// <summary>Plain connection upgraded with STARTTLS; a server that does not offer it is refused.</summary>
    StartTls,

    /// <summary>TLS from the first byte (implicit TLS, usually port 465).</summary>
    SslOnConnect,
}

/// <summary>The SMTP server outgoing email goes through (<c>Identity:Smtp:*</c>). <see cref="ToString"/> never shows the password.</summary>
/// <param name="User">Login name; null: no authentication.</param>
/// <param name="Password">Login password (never logged).</param>
/// <param name="From">The sender address (e.g. <c>Identity &lt;no-reply@example.com&gt;</c>).</param>
/// <param name="Timeout">For connecting and each command.</param>
public sealed record SmtpSettings(string Host, int Port, SmtpTlsMode TlsMode, string? User, string? Password, string From, TimeSpan Timeout)
{
    /// <summary>True when <paramref name="value"/> is one mailbox with a local part and a domain (<c>a@b</c> or <c>Name &lt;a@b&gt;</c>).</summary>
    public static bool IsValidAddress(string? value) =>
        !string.IsNullOrWhiteSpace(value)
        && MimeKit.MailboxAddress.TryParse(value, out var mailbox)
        && mailbox.LocalPart.Length > 0
        && mailbox.Domain.Length > 0;

    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("Host = ").Append(Host).Append(", Port = ").Append(Port).Append(", TlsMode = ").Append(TlsMode)
            .Append(", User = ").Append(User).Append(", Password = ").Append(Password is null ? string.Empty : "***")
            .Append(", From = ").Append(From).Append(", Timeout = ").Append(Timeout);
        return true;
    }
}
