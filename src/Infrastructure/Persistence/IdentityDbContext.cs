using System.Text.Json;
using Identity.Application.Events;
using Identity.Domain.Access;
using Identity.Domain.Common;
using Identity.Domain.Organizations;
using Identity.Domain.Sessions;
using Identity.Domain.Users;
using Identity.Infrastructure.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query.SqlExpressions;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Identity.Infrastructure.Persistence;

/// <summary>
/// The module's EF Core context. Each provider has a derived context (<see cref="SqliteIdentityDbContext"/>,
/// <see cref="SqlServerIdentityDbContext"/>, <see cref="PostgresIdentityDbContext"/>) that owns its migrations.
/// </summary>
public abstract class IdentityDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<Organization> Organizations => Set<Organization>();

    public DbSet<User> Users => Set<User>();

    public DbSet<Membership> Memberships => Set<Membership>();

    public DbSet<PersonalAccessToken> PersonalAccessTokens => Set<PersonalAccessToken>();

    public DbSet<Session> Sessions => Set<Session>();

    public DbSet<UserMetadata> UserMetadata => Set<UserMetadata>();

    public DbSet<MachineKey> MachineKeys => Set<MachineKey>();

    internal DbSet<Configurations.PasswordCheckFailure> PasswordCheckFailures => Set<Configurations.PasswordCheckFailure>();

    internal DbSet<Search.UserStateCount> UserStateCounts => Set<Search.UserStateCount>();

    public DbSet<EventRecord> Events => Set<EventRecord>();

    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    public DbSet<OutboxDelivery> OutboxDeliveries => Set<OutboxDelivery>();

    public DbSet<OutboxGroup> OutboxGroups => Set<OutboxGroup>();

    /// <summary>Whether a save since the last call wrote outbox rows (the dispatcher is woken after such a commit).</summary>
    internal bool TakeOutboxWritten()
    {
        var written = _outboxWritten;
        _outboxWritten = false;
        return written;
    }

    private bool _outboxWritten;

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        KeepEmailKeys();
        CountUserStates();
        AppendPendingEvents();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        KeepEmailKeys();
        CountUserStates();
        AppendPendingEvents();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        configurationBuilder.Properties<OrgId>().HaveConversion<OrgIdConverter>().HaveMaxLength(200);
        configurationBuilder.Properties<UserId>().HaveConversion<UserIdConverter>().HaveMaxLength(200);
        configurationBuilder.Properties<TokenId>().HaveConversion<TokenIdConverter>().HaveMaxLength(200);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(IdentityDbContext).Assembly);
        if (Database.IsSqlServer())
        {
            // Metadata keys are case-sensitive (SQL Server's default collation is not), and the key of user id and
            // metadata key can reach 1,200 bytes: above a clustered index's 900, within a nonclustered one's 1,700.
            var metadata = modelBuilder.Entity<UserMetadata>();
            metadata.Property(m => m.Key).UseCollation("Latin1_General_100_BIN2");
            metadata.HasKey(m => new { m.UserId, m.Key }).IsClustered(false);
        }

        BinarySearchColumns(modelBuilder);
        if (Database.IsSqlite())
        {
            // the text of the column as it is: ltrim() of a stored time changes nothing
            modelBuilder.HasDbFunction(typeof(Search.SearchKeys).GetMethod(nameof(Search.SearchKeys.StoredText))!)
                .HasTranslation(arguments => new SqlFunctionExpression("ltrim", arguments, nullable: true, argumentsPropagateNullability: [true], typeof(string), null));
        }
    }

    /// <summary>
    /// The columns ListUsers compares by range or exactly compare in binary (ordinal) order on every provider, so that a
    /// prefix is a range of an index and case matters where the query says so: SQLite's default already is;
    /// PostgreSQL's "C" collation; SQL Server's BIN2 (its default collation ignores case, also for the profile's fields).
    /// </summary>
    private void BinarySearchColumns(ModelBuilder modelBuilder)
    {
        var users = modelBuilder.Entity<User>();
        if (Database.IsNpgsql())
        {
            users.Property(u => u.UserName).UseCollation("C");
            users.Property(u => u.UserNameKey).UseCollation("C");
            users.Property<string?>(Search.SearchKeys.EmailKey).UseCollation("C");
        }
        else if (Database.IsSqlServer())
        {
            const string binary = "Latin1_General_100_BIN2";
            users.Property(u => u.UserName).UseCollation(binary);
            users.Property(u => u.UserNameKey).UseCollation(binary);
            users.Property<string?>(Search.SearchKeys.EmailKey).UseCollation(binary);
            users.OwnsOne(u => u.Human, h =>
            {
                h.Property(x => x.FirstName).UseCollation(binary);
                h.Property(x => x.LastName).UseCollation(binary);
                h.Property(x => x.NickName).UseCollation(binary);
                h.Property(x => x.DisplayName).UseCollation(binary);
                h.Property(x => x.Email).UseCollation(binary);
            });
        }
    }

    /// <summary>
    /// One <see cref="Search.UserStateCount"/> row per (org, state) whose number of users this save changes: a user
    /// added, its state changed, or its row deleted.
    /// </summary>
    private void CountUserStates()
    {
        var deltas = new Dictionary<(OrgId, UserState), long>();
        void Count(OrgId org, UserState state, long delta) => deltas[(org, state)] = deltas.GetValueOrDefault((org, state)) + delta;
        foreach (var entry in ChangeTracker.Entries<User>())
        {
            var state = entry.Property(u => u.State);
            switch (entry.State)
            {
                case EntityState.Added:
                    Count(entry.Entity.OrgId, entry.Entity.State, 1);
                    break;
                case EntityState.Deleted:
                    Count(entry.Property(u => u.OrgId).OriginalValue, state.OriginalValue, -1);
                    break;
                case EntityState.Modified when state.OriginalValue != state.CurrentValue:
                    Count(entry.Entity.OrgId, state.OriginalValue, -1);
                    Count(entry.Entity.OrgId, state.CurrentValue, 1);
                    break;
            }
        }

        UserStateCounts.AddRange(deltas.Where(d => d.Value != 0)
            .Select(d => new Search.UserStateCount { OrgId = d.Key.Item1, State = d.Key.Item2, Delta = d.Value }));
    }

    /// <summary>The folded email of every tracked user (<see cref="Search.SearchKeys.EmailKey"/>), set where it changed.</summary>
    private void KeepEmailKeys()
    {
        foreach (var entry in ChangeTracker.Entries<User>())
        {
            if (entry.State == EntityState.Deleted)
            {
                continue;
            }

            var key = entry.Entity.Human is { } human ? Search.SearchKeys.Email(human.Email) : null;
            var property = entry.Property<string?>(Search.SearchKeys.EmailKey);
            if (!string.Equals(property.CurrentValue, key, StringComparison.Ordinal))
            {
                property.CurrentValue = key;
            }
        }
    }

    /// <summary>
    /// Turns the events raised by tracked aggregates into rows of the same transaction: the audit row, and the
    /// outbox row of the integration event it publishes.
    /// </summary>
    private void AppendPendingEvents()
    {
        var aggregates = ChangeTracker.Entries<AggregateRoot>().Select(e => e.Entity).Where(a => a.PendingEvents.Count > 0).ToList();
        foreach (var aggregate in aggregates)
        {
            foreach (var e in aggregate.PendingEvents)
            {
                Events.Add(new EventRecord
                {
                    AggregateType = e.AggregateType,
                    AggregateId = e.AggregateId,
                    Sequence = e.Sequence,
                    EventType = e.Type,
                    CreatedAt = e.CreatedAt,
                    EditorId = e.EditorId,
                    ResourceOwner = e.ResourceOwner,
                    Payload = JsonSerializer.Serialize(e.Payload),
                });
                var published = IntegrationEventMapping.ToIntegrationEvent(e);
                OutboxMessages.Add(new OutboxMessage
                {
                    AggregateType = e.AggregateType,
                    AggregateId = e.AggregateId,
                    Sequence = e.Sequence,
                    EventType = IntegrationEventMapping.NameOf(published),
                    Payload = JsonSerializer.Serialize(published, published.GetType()),
                    OccurredAt = e.CreatedAt,
                });
                _outboxWritten = true;
            }

            aggregate.ClearPendingEvents();
        }
    }

    private sealed class OrgIdConverter() : ValueConverter<OrgId, string>(v => v.Value, v => new OrgId(v));

    private sealed class UserIdConverter() : ValueConverter<UserId, string>(v => v.Value, v => new UserId(v));

    private sealed class TokenIdConverter() : ValueConverter<TokenId, string>(v => v.Value, v => new TokenId(v));
}

public sealed class SqliteIdentityDbContext(DbContextOptions<SqliteIdentityDbContext> options) : IdentityDbContext(options);

public sealed class SqlServerIdentityDbContext(DbContextOptions<SqlServerIdentityDbContext> options) : IdentityDbContext(options);

public sealed class PostgresIdentityDbContext(DbContextOptions<PostgresIdentityDbContext> options) : IdentityDbContext(options);
