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

public sealed record InfrastructureSettings(DatabaseSettings Database, int HashIterations, int? NodeId, BootstrapSettings Bootstrap);
