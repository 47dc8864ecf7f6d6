using Identity.Application.Abstractions;
using Identity.Application.Events;
using Identity.Domain.Passwords;
using Identity.Infrastructure.Bootstrap;
using Identity.Infrastructure.Email;
using Identity.Infrastructure.Outbox;
using Identity.Infrastructure.Persistence;
using Identity.Infrastructure.Persistence.Repositories;
using Identity.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Identity.Infrastructure;

public static class DependencyInjection
{
    /// <summary>Transient faults are retried briefly; a database that stays away answers Unavailable within seconds, not minutes.</summary>
    private const int RetryCount = 2;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(500);

    /// <summary>Registers the implementations of the Application ports.</summary>
    public static IServiceCollection AddIdentityInfrastructure(this IServiceCollection services, InfrastructureSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        services.AddSingleton(settings);
        services.AddSingleton(settings.Bootstrap);
        AddDatabase(services, settings.Database);
        services.AddScoped<IOrganizationRepository, OrganizationRepository>();
        services.AddScoped<IUserRepository, UserRepository>();
        services.AddScoped<IUserSearch, Persistence.Search.UserSearch>();
        services.AddScoped<IMembershipRepository, MembershipRepository>();
        services.AddScoped<IPersonalAccessTokenRepository, PersonalAccessTokenRepository>();
        services.AddScoped<ISessionRepository, SessionRepository>();
        services.AddScoped<IUserMetadataRepository, UserMetadataRepository>();
        services.AddScoped<IMachineKeyRepository, MachineKeyRepository>();
        services.AddScoped<IPasswordCheckFailures, PasswordCheckFailures>();
        services.AddScoped<IChangeReader, ChangeReader>();
        services.AddScoped<IDatabaseStatus, DatabaseStatus>();
        services.AddScoped<IUnitOfWork, UnitOfWork>();
        services.AddSingleton<IPasswordHasher>(new IdentityPasswordHasher(settings.HashIterations));
        services.AddSingleton<ITokenService, TokenService>();
        services.AddSingleton<IPasswordResetCodes, PasswordResetCodes>();
        services.AddSingleton<IMachineKeyCrypto, MachineKeyCrypto>();
        services.AddSingleton<IMachineSecrets, MachineSecrets>();
        services.AddSingleton<ICommonPasswords, CommonPasswordList>();
        services.AddSingleton<IPasswordStrength, ZxcvbnPasswordStrength>();
        services.AddSingleton<IIdGenerator>(sp => new SnowflakeIdGenerator(sp.GetRequiredService<TimeProvider>(), settings.NodeId));
        services.AddSingleton<IEmailSender>(sp => settings.Smtp is { } smtp
            ? new SmtpEmailSender(smtp, sp.GetRequiredService<ILogger<SmtpEmailSender>>())
            : new UnconfiguredEmailSender());
        services.AddScoped<DatabaseInitializer>();
        services.AddScoped<Bootstrapper>();
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddSingleton<IIntegrationEventSubscriptions>(sp => sp.GetRequiredService<OutboxDispatcher>());
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<OutboxDispatcher>());
        services.AddSingleton<IHostedService, Sessions.ExpiredSessionCleaner>();
        services.AddSingleton<OAuth.SigningKeyRing>();
        services.AddSingleton<IOAuthSigningKeys>(sp => sp.GetRequiredService<OAuth.SigningKeyRing>());
        services.AddSingleton<IHostedService, OAuth.SigningKeyRotation>();
        services.AddScoped<IAssertionReplayGuard, OAuth.AssertionReplayGuard>();
        services.AddSingleton<IHostedService, Persistence.Search.UserStateCountCompactor>();
        return services;
    }

    /// <summary>Wakes the outbox dispatcher after a commit that wrote outbox rows.</summary>
    private static OutboxCommitInterceptor Committed(IServiceProvider sp) => new(sp.GetRequiredService<OutboxSignal>());

    private static void AddDatabase(IServiceCollection services, DatabaseSettings database)
    {
        switch (database.Provider)
        {
            case DatabaseProvider.Sqlite:
                services.AddDbContext<IdentityDbContext, SqliteIdentityDbContext>((sp, o) =>
                    CommandFailureLog.Configure(o, sp).UseSqlite(database.ConnectionString).AddInterceptors(new SqliteBusyTimeout(), new Persistence.Search.SqliteFunctions(), Committed(sp)));
                break;
            case DatabaseProvider.SqlServer:
                services.AddDbContext<IdentityDbContext, SqlServerIdentityDbContext>((sp, o) =>
                    CommandFailureLog.Configure(o, sp).UseSqlServer(database.ConnectionString, s => s.EnableRetryOnFailure(RetryCount, RetryDelay, null)).AddInterceptors(Committed(sp)));
                break;
            case DatabaseProvider.Postgres:
                services.AddDbContext<IdentityDbContext, PostgresIdentityDbContext>((sp, o) =>
                    CommandFailureLog.Configure(o, sp).UseNpgsql(database.ConnectionString, s => s.EnableRetryOnFailure(RetryCount, RetryDelay, null)).AddInterceptors(Committed(sp)));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(database), database.Provider, "Unknown database provider.");
        }
    }
}
