using System.Diagnostics.Metrics;
using System.Net;
using Identity.Api.Tests.Support;
using Identity.Application.Common;
using Identity.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Identity.Api.Tests;

/// <summary>The SQLite host with every log line captured, at the most verbose level.</summary>
public sealed class SqliteConflictLogFactory : ApiFactory
{
    public CapturingLoggerProvider Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        ConflictLogging.Capture(builder, Logs);
    }
}

/// <summary>The PostgreSQL host with every log line captured, at the most verbose level.</summary>
public sealed class PostgresConflictLogFactory : PostgresApiFactory
{
    public CapturingLoggerProvider Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        ConflictLogging.Capture(builder, Logs);
    }
}

public static class ConflictLogging
{
    public static void Capture(IWebHostBuilder builder, CapturingLoggerProvider logs)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseSetting("Logging:LogLevel:Default", "Trace");
        builder.UseSetting("Logging:LogLevel:Microsoft", "Trace");
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Trace");
        builder.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore", "Trace");
        builder.ConfigureLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
    }
}

public sealed class SqliteConflictLoggingTests(SqliteConflictLogFactory factory, ITestOutputHelper output)
    : ConflictLoggingTests<SqliteConflictLogFactory>(factory, factory.Logs, output);

public sealed class PostgresConflictLoggingTests(PostgresConflictLogFactory factory, ITestOutputHelper output)
    : ConflictLoggingTests<PostgresConflictLogFactory>(factory, factory.Logs, output);

/// <summary>
/// An expected, retried concurrency conflict is not an error: any writer could otherwise flood the error
/// log. It is counted (identity.unit_of_work.retries) and logged below Error.
/// </summary>
public abstract class ConflictLoggingTests<TFactory>(TFactory factory, CapturingLoggerProvider logs, ITestOutputHelper output) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    [SkippableFact]
    public async Task Retried_conflicts_on_one_user_log_no_error_and_are_counted()
    {
        const int calls = 40;
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);
        var userId = (await Scenario.ImportAsync(admin, orgId, "conflicted")).GetProperty("userId").GetString()!;
        var retries = 0L;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == IdentityMetrics.MeterName && instrument.Name == "identity.unit_of_work.retries")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref retries, value));
        listener.Start();
        logs.Lines.Clear();

        var statuses = new System.Collections.Concurrent.ConcurrentBag<HttpStatusCode>();
        using var start = new ManualResetEventSlim();

        // Clients are made here, one after another: the factory's CreateClient is not thread-safe.
        var clients = Enumerable.Range(0, calls).Select(_ => factory.Rest(factory.AdminToken, orgId)).ToList();
        var tasks = Enumerable.Range(0, calls).Select(i => Task.Run(async () =>
        {
            var client = clients[i];
            start.Wait();
            statuses.Add((await Scenario.SetInitialPasswordAsync(client, userId, $"Parallel-{i}-Secret!")).StatusCode);
        })).ToList();
        start.Set();
        await Task.WhenAll(tasks);

        var lines = logs.Lines.ToList();
        var errors = lines.Where(l => l.StartsWith("Error ", StringComparison.Ordinal) || l.StartsWith("Critical ", StringComparison.Ordinal)).ToList();
        output.WriteLine($"calls={calls} ok={statuses.Count(s => s == HttpStatusCode.OK)} retries={Interlocked.Read(ref retries)} errors={errors.Count}");
        foreach (var error in errors.Take(5))
        {
            output.WriteLine(error);
        }

        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.OK or HttpStatusCode.Conflict, s.ToString()));
        Assert.True(Interlocked.Read(ref retries) > 0, "the calls conflicted and were retried");
        Assert.Empty(errors);
    }

    [SkippableFact]
    public async Task A_real_database_error_is_still_logged_at_error_level()
    {
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);
        var userId = (await Scenario.ImportAsync(admin, orgId, "broken")).GetProperty("userId").GetString()!;
        logs.Lines.Clear();

        HttpStatusCode status;
        await RenameEventsTableAsync("events", "events_away");
        try
        {
            status = (await Scenario.SetInitialPasswordAsync(factory.Rest(factory.AdminToken, orgId), userId, "Sunny-Meadow-42!")).StatusCode;
        }
        finally
        {
            await RenameEventsTableAsync("events_away", "events");
        }

        var errors = logs.Lines.Where(l => l.StartsWith("Error ", StringComparison.Ordinal)).ToList();
        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.Contains(errors, l => l.StartsWith("Error Identity.Infrastructure.Persistence.CommandFailureLog: Database command failed", StringComparison.Ordinal)
            && l.Contains("events", StringComparison.Ordinal));
        Assert.Contains(errors, l => l.StartsWith("Error Identity.Api.Grpc.ErrorInterceptor:", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, (await Scenario.SetInitialPasswordAsync(factory.Rest(factory.AdminToken, orgId), userId, "Sunny-Meadow-42!")).StatusCode);
    }

    private async Task RenameEventsTableAsync(string from, string to)
    {
        await using var scope = factory.ModuleServices.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
#pragma warning disable EF1002 // fixed table names of the test
        await db.Database.ExecuteSqlRawAsync($"ALTER TABLE \"{from}\" RENAME TO \"{to}\"");
#pragma warning restore EF1002
    }
}
