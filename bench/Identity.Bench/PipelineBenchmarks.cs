using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Identity.Api.Composition;
using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Application.Users.SetInitialPassword;
using Identity.Domain.Common;
using Identity.Domain.Passwords;
using Identity.Domain.Users;
using Identity.Domain.Organizations;
using Identity.Infrastructure;
using Identity.Infrastructure.Persistence;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Identity.Bench;

/// <summary>
/// SetHumanInitialPassword through the whole in-process pipeline (tenant, authorization, validation,
/// password-call gate, unit of work, handler, aggregate, EF Core on a SQLite file) with the hash replaced by a constant:
/// what the service costs beyond the hash.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class PipelineBenchmarks
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "identity-bench-" + Guid.NewGuid().ToString("N"));
    private ServiceProvider _services = null!;
    private List<string> _users = null!;
    private Caller _caller = null!;
    private int _next;

    [Params(1_000)]
    public int Users { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new StorageClock(TimeProvider.System));
        services.AddSingleton(new InstanceSettings("localhost"));
        // BENCH_MIN_STRENGTH=0 measures the pipeline without the guessability estimate (default: the service's default).
        var minStrength = int.TryParse(Environment.GetEnvironmentVariable("BENCH_MIN_STRENGTH"), out var score) ? score : new IdentityOptions().Passwords.MinStrengthScore;
        services.AddSingleton(new PasswordRulesSettings(PasswordComplexityPolicy.Default, true, true) { MinStrengthScore = minStrength });
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddIdentityApplication();
        // The password-call gate as the service runs it, without a per-caller rate (one caller sends every call).
        services.AddPasswordCallLimits(new IdentityOptions.LimitOptions { PasswordCallsPerCallerPerMinute = 0 });
        services.AddIdentityInfrastructure(new InfrastructureSettings(
            new DatabaseSettings(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(_directory, "identity.db")}"), 1, 1,
            new BootstrapSettings(true, "Default", "admin", Path.Combine(_directory, "admin.pat"))));
        services.AddSingleton<IPasswordHasher, ConstantHasher>();
        _services = services.BuildServiceProvider();

        using var scope = _services.CreateScope();
        scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync(default).GetAwaiter().GetResult();
        scope.ServiceProvider.GetRequiredService<Infrastructure.Bootstrap.Bootstrapper>().RunAsync(default).GetAwaiter().GetResult();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        var admin = db.Users.Single(u => u.UserName == "admin");
        _caller = new Caller(admin.Id, admin.OrgId);
        var policy = new PasswordPolicy(PasswordComplexityPolicy.Default, null, false);
        _users = [];
        for (var i = 0; i < Users; i++)
        {
            var user = User.ImportHuman(new UserId($"bench-{i}"), admin.OrgId, $"bench-{i}",
                new HumanProfile("Bench", "User", "", "Bench User", "en", Gender.Unspecified, $"b{i}@bench.test", false, "", false),
                null, false, policy, _ => "", DateTimeOffset.UtcNow, "bench");
            db.Users.Add(user);
            _users.Add(user.Id.Value);
        }

        db.SaveChanges();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _services.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Description = "SetHumanInitialPassword pipeline without the hash")]
    public async Task<ObjectDetailsDto> SetInitialPassword()
    {
        using var scope = _services.CreateScope();
        scope.ServiceProvider.GetRequiredService<RequestContext>().Caller = _caller;
        var userId = _users[_next++ % _users.Count];
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new SetInitialPasswordCommand(userId, "Sunny-Meadow-42!"));
    }

    private sealed class ConstantHasher : IPasswordHasher
    {
        public string Hash(string normalizedPassword) => "AQAAAAIAAYagAAAAEConstantHashForBenchmarksOnly";

        public bool Verify(string hash, string normalizedPassword) => false;
    }
}
