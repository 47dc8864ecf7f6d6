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
