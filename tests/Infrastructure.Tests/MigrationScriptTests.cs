using Identity.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Identity.Infrastructure.Tests;

/// <summary>
/// SQL Server cannot run here: its path is proved without a server. The model builds, the
/// migrations match it, and the idempotent script a DBA would run holds the expected objects.
/// </summary>
public sealed class MigrationScriptTests
{
    public static TheoryData<string> Providers => ["Sqlite", "SqlServer", "Postgres"];

    [Theory]
    [MemberData(nameof(Providers))]
    public void Every_provider_has_migrations_that_match_the_model(string provider)
    {
        using var db = Create(provider);

        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(), $"{provider}: the model changed without a migration");
    }

    [Fact]
    public void Sql_server_script_creates_tables_indexes_and_the_concurrency_column()
    {
        using var db = Create("SqlServer");
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        foreach (var table in new[] { "organizations", "users", "memberships", "personal_access_tokens", "events", "outbox_messages", "outbox_deliveries", "outbox_groups" })
        {
            Assert.Contains($"CREATE TABLE [{table}]", script, StringComparison.Ordinal);
        }

        Assert.Contains("CREATE UNIQUE INDEX [IX_events_AggregateType_AggregateId_Sequence] ON [events] ([AggregateType], [AggregateId], [Sequence])", script, StringComparison.Ordinal);
        Assert.Contains("CREATE UNIQUE INDEX [IX_users_OrgId_UserNameKey] ON [users] ([OrgId], [UserNameKey])", script, StringComparison.Ordinal);
        Assert.Contains("CREATE UNIQUE INDEX [IX_personal_access_tokens_TokenHash]", script, StringComparison.Ordinal);
        Assert.Contains("[Sequence] bigint NOT NULL", script, StringComparison.Ordinal);
        Assert.Contains("[CreatedAt] datetimeoffset NOT NULL", script, StringComparison.Ordinal);
        Assert.Contains("IF NOT EXISTS (\n    SELECT * FROM [__EFMigrationsHistory]", script.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("[Id] bigint NOT NULL IDENTITY", script, StringComparison.Ordinal);
    }

    [Fact]
    public void Sql_server_script_adds_the_password_age_policy_columns()
    {
        using var db = Create("SqlServer");
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent).ReplaceLineEndings("\n");

        Assert.Contains("ALTER TABLE [organizations] ADD [PasswordAgePolicy_MaxAgeDays] bigint NULL;", script, StringComparison.Ordinal);
        Assert.Contains("ALTER TABLE [organizations] ADD [PasswordAgePolicy_ExpireWarnDays] bigint NULL;", script, StringComparison.Ordinal);
        Assert.Contains("'20261129123358_PasswordAgePolicy'", script, StringComparison.Ordinal);
    }

    [Fact]
    public void Sql_server_script_adds_the_machine_credentials()
    {
        using var db = Create("SqlServer");
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent).ReplaceLineEndings("\n");

        Assert.Contains("CREATE TABLE [machine_keys]", script, StringComparison.Ordinal);
        Assert.Contains("[PublicKey] nvarchar(2000) NOT NULL", script, StringComparison.Ordinal);
        Assert.Contains("[ExpiresAt] bigint NOT NULL", script, StringComparison.Ordinal);
        Assert.Contains("ALTER TABLE [users] ADD [MachineSecretHash] nvarchar(64) NULL;", script, StringComparison.Ordinal);

        // many users have no secret: SQL Server's unique index must skip the NULLs
        Assert.Contains("CREATE UNIQUE INDEX [IX_users_MachineSecretHash] ON [users] ([MachineSecretHash]) WHERE [MachineSecretHash] IS NOT NULL", script, StringComparison.Ordinal);
        Assert.Contains("_MachineCredentials'", script, StringComparison.Ordinal);
    }

    [Fact]
    public void Concurrency_token_is_the_sequence_on_every_provider()
    {
        foreach (var provider in new[] { "Sqlite", "SqlServer", "Postgres" })
        {
            using var db = Create(provider);
            foreach (var type in new[] { typeof(Domain.Users.User), typeof(Domain.Organizations.Organization) })
            {
                var entity = db.Model.FindEntityType(type)!;
                Assert.True(entity.FindProperty("Sequence")!.IsConcurrencyToken, $"{provider} {type.Name}");
            }
        }
    }

    private static IdentityDbContext Create(string provider) => provider switch
    {
        "Sqlite" => new SqliteDesignTimeFactory().CreateDbContext([]),
        "SqlServer" => new SqlServerDesignTimeFactory().CreateDbContext([]),
        "Postgres" => new PostgresDesignTimeFactory().CreateDbContext([]),
        _ => throw new ArgumentOutOfRangeException(nameof(provider)),
    };
}
