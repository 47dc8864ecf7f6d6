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
public sealed record BootstrapSettings(bool Enabled, string OrgName, string AdminUserName, string TokenFile);

public sealed record InfrastructureSettings(DatabaseSettings Database, int HashIterations, int? NodeId, BootstrapSettings Bootstrap);
