using Identity.Application.Abstractions;
using Identity.Domain.Access;
using Identity.Domain.Common;
using Identity.Domain.Organizations;
using Identity.Domain.Sessions;
using Identity.Infrastructure.Persistence.Configurations;
using Identity.Domain.Users;
using Microsoft.EntityFrameworkCore;

namespace Identity.Infrastructure.Persistence.Repositories;

internal sealed class OrganizationRepository(IdentityDbContext db) : IOrganizationRepository
{
    public Task<Organization?> GetAsync(OrgId id, CancellationToken cancellationToken) =>
        db.Organizations.FirstOrDefaultAsync(o => o.Id == id, cancellationToken);

    public Task<bool> AnyAsync(CancellationToken cancellationToken) => db.Organizations.AnyAsync(cancellationToken);

    public Task<bool> DomainTakenAsync(string primaryDomain, CancellationToken cancellationToken) =>
        db.Organizations.AnyAsync(o => o.PrimaryDomain == primaryDomain, cancellationToken);

    public void Add(Organization organization) => db.Organizations.Add(organization);
}

internal sealed class UserRepository(IdentityDbContext db) : IUserRepository
{
    public Task<User?> GetAsync(OrgId orgId, UserId id, CancellationToken cancellationToken) =>
        db.Users.FirstOrDefaultAsync(u => u.Id == id && u.OrgId == orgId, cancellationToken);

    public Task<User?> FindAsync(UserId id, CancellationToken cancellationToken) =>
        db.Users.FirstOrDefaultAsync(u => u.Id == id, cancellationToken);

    public Task<bool> UserNameTakenAsync(OrgId orgId, string userNameKey, CancellationToken cancellationToken) =>
        db.Users.AnyAsync(u => u.OrgId == orgId && u.UserNameKey == userNameKey, cancellationToken);

    public Task<bool> ExistsAsync(UserId id, CancellationToken cancellationToken) =>
        db.Users.AnyAsync(u => u.Id == id, cancellationToken);

    public Task<User?> FindByLoginNameAsync(string primaryDomain, string userNameKey, CancellationToken cancellationToken) =>
        (from u in db.Users
         join o in db.Organizations on u.OrgId equals o.Id
         where o.PrimaryDomain == primaryDomain && o.State != OrgState.Removed && u.UserNameKey == userNameKey
         select u).FirstOrDefaultAsync(cancellationToken);

    /// <summary>Compared in SQL with <c>lower()</c> on both sides (SQLite folds ASCII letters only; PostgreSQL by its locale).</summary>
    public Task<bool> EmailTakenAsync(OrgId orgId, string email, CancellationToken cancellationToken)
    {
        var key = Search.SearchKeys.Email(email);
        return db.Users.AnyAsync(u => u.OrgId == orgId && u.State != UserState.Removed && EF.Property<string?>(u, Search.SearchKeys.EmailKey) == key, cancellationToken);
    }

    public async Task<IReadOnlyList<User>> ListByLoginNameAsync(string primaryDomain, string userNameKey, CancellationToken cancellationToken) =>
        await (from u in db.Users.AsNoTracking()
               join o in db.Organizations on u.OrgId equals o.Id
               where o.PrimaryDomain == primaryDomain && o.State != OrgState.Removed && u.UserNameKey == userNameKey
               select u).ToListAsync(cancellationToken).ConfigureAwait(false);

    public Task<User?> FindByMachineSecretHashAsync(string secretHash, CancellationToken cancellationToken) =>
        db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.MachineSecretHash == secretHash, cancellationToken);

    public async Task<IReadOnlyList<User>> FindManyAsync(IReadOnlyCollection<UserId> ids, CancellationToken cancellationToken) =>
        ids.Count == 0 ? [] : await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToListAsync(cancellationToken).ConfigureAwait(false);

    public void Add(User user) => db.Users.Add(user);
}

internal sealed class MembershipRepository(IdentityDbContext db) : IMembershipRepository
{
    public async Task<IReadOnlyList<string>> GetRolesAsync(UserId userId, IReadOnlyCollection<string> scopes, CancellationToken cancellationToken)
    {
        var roles = await db.Memberships.AsNoTracking()
            .Where(m => m.UserId == userId && scopes.Contains(m.Scope))
            .Select(m => m.Roles)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return roles.SelectMany(r => r).Distinct(StringComparer.Ordinal).ToList();
    }

    public Task<bool> ExistsAsync(string scope, UserId userId, CancellationToken cancellationToken) =>
        db.Memberships.AnyAsync(m => m.Scope == scope && m.UserId == userId, cancellationToken);

    public async Task<IReadOnlyList<Membership>> ListOfUserAsync(UserId userId, CancellationToken cancellationToken) =>
        await db.Memberships.Where(m => m.UserId == userId).ToListAsync(cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<Membership>> ListInScopeAsync(string scope, CancellationToken cancellationToken) =>
        await db.Memberships.Where(m => m.Scope == scope).ToListAsync(cancellationToken).ConfigureAwait(false);

    public void Add(Membership membership) => db.Memberships.Add(membership);

    public void Remove(Membership membership) => db.Memberships.Remove(membership);
}

internal sealed class PersonalAccessTokenRepository(IdentityDbContext db) : IPersonalAccessTokenRepository
{
    public Task<PersonalAccessToken?> FindByHashAsync(string tokenHash, CancellationToken cancellationToken) =>
        db.PersonalAccessTokens.AsNoTracking().FirstOrDefaultAsync(t => t.TokenHash == tokenHash, cancellationToken);

    public Task<PersonalAccessToken?> GetAsync(UserId userId, TokenId tokenId, CancellationToken cancellationToken) =>
        db.PersonalAccessTokens.FirstOrDefaultAsync(t => t.Id == tokenId && t.UserId == userId, cancellationToken);

    public async Task<(IReadOnlyList<PersonalAccessToken> Page, long Total)> ListOfUserAsync(UserId userId, long offset, int limit, bool ascending, CancellationToken cancellationToken)
    {
        var query = db.PersonalAccessTokens.AsNoTracking().Where(t => t.UserId == userId);
        var total = await query.LongCountAsync(cancellationToken).ConfigureAwait(false);
        var ordered = ascending
            ? query.OrderBy(t => t.Sequence).ThenBy(t => t.Id)
            : query.OrderByDescending(t => t.Sequence).ThenByDescending(t => t.Id);
        var page = await ordered.Skip((int)offset).Take(limit).ToListAsync(cancellationToken).ConfigureAwait(false);
        return (page, total);
    }

    public async Task<IReadOnlyList<PersonalAccessToken>> AllOfUserAsync(UserId userId, CancellationToken cancellationToken) =>
        await db.PersonalAccessTokens.Where(t => t.UserId == userId).ToListAsync(cancellationToken).ConfigureAwait(false);

    public void Add(PersonalAccessToken token) => db.PersonalAccessTokens.Add(token);

    public void Remove(PersonalAccessToken token) => db.PersonalAccessTokens.Remove(token);
}

internal sealed class MachineKeyRepository(IdentityDbContext db) : IMachineKeyRepository
{
    public Task<MachineKey?> GetAsync(UserId userId, MachineKeyId keyId, CancellationToken cancellationToken) =>
        db.MachineKeys.FirstOrDefaultAsync(k => k.Id == keyId && k.UserId == userId, cancellationToken);

    public Task<MachineKey?> FindActiveAsync(UserId userId, MachineKeyId keyId, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.MachineKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Id == keyId && k.UserId == userId && k.ExpiresAt > now, cancellationToken);

    public async Task<(IReadOnlyList<MachineKey> Page, long Total)> ListOfUserAsync(UserId userId, long offset, int limit, bool ascending, CancellationToken cancellationToken)
    {
        var query = db.MachineKeys.AsNoTracking().Where(k => k.UserId == userId);
        var total = await query.LongCountAsync(cancellationToken).ConfigureAwait(false);
        var ordered = ascending
            ? query.OrderBy(k => k.Sequence).ThenBy(k => k.Id)
            : query.OrderByDescending(k => k.Sequence).ThenByDescending(k => k.Id);
        var page = await ordered.Skip((int)offset).Take(limit).ToListAsync(cancellationToken).ConfigureAwait(false);
        return (page, total);
    }

    public async Task<IReadOnlyList<MachineKey>> AllOfUserAsync(UserId userId, CancellationToken cancellationToken) =>
        await db.MachineKeys.Where(k => k.UserId == userId).ToListAsync(cancellationToken).ConfigureAwait(false);

    public void Add(MachineKey key) => db.MachineKeys.Add(key);

    public void Remove(MachineKey key) => db.MachineKeys.Remove(key);
}

internal sealed class UserMetadataRepository(IdentityDbContext db) : IUserMetadataRepository
{
    public async Task<IReadOnlyList<UserMetadata>> AllOfUserAsync(UserId userId, CancellationToken cancellationToken) =>
        await db.UserMetadata.Where(m => m.UserId == userId).ToListAsync(cancellationToken).ConfigureAwait(false);

    public Task<UserMetadata?> GetAsync(UserId userId, string key, CancellationToken cancellationToken) =>
        db.UserMetadata.AsNoTracking().FirstOrDefaultAsync(m => m.UserId == userId && m.Key == key, cancellationToken);

    public void Add(UserMetadata entry) => db.UserMetadata.Add(entry);

    public void Remove(UserMetadata entry) => db.UserMetadata.Remove(entry);
}

internal sealed class ChangeReader(IdentityDbContext db) : IChangeReader
{
    public async Task<IReadOnlyList<DomainEvent>> ListAsync(string aggregateType, string aggregateId, long afterSequence, int limit, bool ascending, CancellationToken cancellationToken)
    {
        var query = db.Events.AsNoTracking().Where(e => e.AggregateType == aggregateType && e.AggregateId == aggregateId);
        query = ascending
            ? query.Where(e => e.Sequence > afterSequence).OrderBy(e => e.Sequence)
            : (afterSequence > 0 ? query.Where(e => e.Sequence < afterSequence) : query).OrderByDescending(e => e.Sequence);
        var rows = await query.Take(limit).ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.Select(r => (DomainEvent)new StoredEvent(r.EventType, System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, object?>>(r.Payload) ?? [])
        {
            AggregateId = r.AggregateId,
            AggregateType = r.AggregateType,
            Sequence = r.Sequence,
            CreatedAt = r.CreatedAt,
            EditorId = r.EditorId,
            ResourceOwner = r.ResourceOwner,
        }).ToList();
    }
}

internal sealed class SessionRepository(IdentityDbContext db) : ISessionRepository
{
    public Task<Session?> GetAsync(SessionId id, CancellationToken cancellationToken) =>
        db.Sessions.FirstOrDefaultAsync(s => s.Id == id, cancellationToken);

    public async Task<(IReadOnlyList<Session> Page, long Total)> ListAsync(
        IReadOnlyCollection<SessionId>? ids, UserId? userId, string? visibleTo, DateTimeOffset notExpiredAt, long offset, int limit, bool ascending, CancellationToken cancellationToken)
    {
        DateTimeOffset? now = notExpiredAt;
        var query = db.Sessions.AsNoTracking().Where(s => s.ExpiresAt == null || s.ExpiresAt > now);
        if (ids is not null)
        {
            query = query.Where(s => ids.Contains(s.Id));
        }

        if (userId is { } user)
        {
            UserId? wanted = user;
            query = query.Where(s => s.UserId == wanted);
        }

        if (visibleTo is not null)
        {
            UserId? self = new UserId(visibleTo);
            query = query.Where(s => s.CreatorId == visibleTo || s.UserId == self);
        }

        var total = await query.LongCountAsync(cancellationToken).ConfigureAwait(false);

        // Ids are time-ordered (snowflakes): their order is the creation order.
        var ordered = ascending ? query.OrderBy(s => s.Id) : query.OrderByDescending(s => s.Id);
        var page = await ordered.Skip((int)offset).Take(limit).ToListAsync(cancellationToken).ConfigureAwait(false);
        return (page, total);
    }

    public void Add(Session session) => db.Sessions.Add(session);

    public void Remove(Session session) => db.Sessions.Remove(session);
}

/// <summary>
/// The failed-check count as one atomic statement per change (an upsert that answers the new count), so
/// that concurrent failures on several replicas never lose one; each statement commits on its own.
/// </summary>
internal sealed class PasswordCheckFailures(IdentityDbContext db) : IPasswordCheckFailures
{
    public async Task<long> AddAsync(UserId userId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var sql = db.Database.ProviderName switch
        {
            "Microsoft.EntityFrameworkCore.SqlServer" =>
                """
                MERGE password_check_failures WITH (HOLDLOCK) AS t
                USING (SELECT {0} AS UserId, {1} AS LastFailedAt) AS s ON t.UserId = s.UserId
                WHEN MATCHED THEN UPDATE SET FailedCount = t.FailedCount + 1, LastFailedAt = s.LastFailedAt
                WHEN NOT MATCHED THEN INSERT (UserId, FailedCount, LastFailedAt) VALUES (s.UserId, 1, s.LastFailedAt)
                OUTPUT inserted.FailedCount AS Value;
                """,
            _ =>
                """
                INSERT INTO password_check_failures ("UserId", "FailedCount", "LastFailedAt") VALUES ({0}, 1, {1})
                ON CONFLICT ("UserId") DO UPDATE SET "FailedCount" = password_check_failures."FailedCount" + 1, "LastFailedAt" = excluded."LastFailedAt"
                RETURNING "FailedCount" AS "Value";
                """,
        };
        var counts = await db.Database.SqlQueryRaw<long>(sql, userId.Value, at).ToListAsync(cancellationToken).ConfigureAwait(false);
        return counts.Single();
    }

    public async Task<long> CountAsync(UserId userId, CancellationToken cancellationToken) =>
        await db.PasswordCheckFailures.AsNoTracking().Where(f => f.UserId == userId).Select(f => (long?)f.FailedCount).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false) ?? 0;

    public Task ResetAsync(UserId userId, CancellationToken cancellationToken) =>
        db.PasswordCheckFailures.Where(f => f.UserId == userId).ExecuteDeleteAsync(cancellationToken);
}
