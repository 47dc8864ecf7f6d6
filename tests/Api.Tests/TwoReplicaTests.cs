using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Identity.Api.Tests.Support;
using Npgsql;
using Xunit.Abstractions;

namespace Identity.Api.Tests;

/// <summary>
/// Two real service processes on one PostgreSQL database, started together (migrations and bootstrap
/// race), then concurrent SetHumanInitialPassword calls at the same users through both.
/// </summary>
public sealed class TwoReplicaTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Users = 4;
    private const int CallsPerUser = 25;
    private readonly string _database = "identity_replicas_" + Guid.NewGuid().ToString("N")[..12];
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "identity-replicas", Guid.NewGuid().ToString("N"));

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        if (!string.IsNullOrEmpty(PostgresApiFactory.AdminConnectionString))
        {
            PostgresApiFactory.DropDatabase(_database);
        }

        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }

        return Task.CompletedTask;
    }

    [SkippableFact]
    public async Task Concurrent_writes_through_two_replicas_lose_nothing_and_never_duplicate_a_sequence()
    {
        Skip.If(PostgresApiFactory.UnavailableReason is not null, PostgresApiFactory.UnavailableReason);
        var connectionString = await CreateDatabaseAsync();
        var settings = new Dictionary<string, string>
        {
            ["Identity:Database:Provider"] = "Postgres",
            ["Identity:Database:ConnectionString"] = connectionString,
            ["Identity:Passwords:HashIterations"] = "1000",
            ["Identity:Limits:PasswordCallsPerCallerPerMinute"] = "0",
            ["Identity:Limits:PasswordQueue"] = "1000",
            ["Identity:Bootstrap:TokenFile"] = Path.Combine(_directory, "admin.pat"),
        };
        await using var a = ServiceProcess.Start(new Dictionary<string, string>(settings) { ["Identity:Instance:NodeId"] = "1" });
        await using var b = ServiceProcess.Start(new Dictionary<string, string>(settings) { ["Identity:Instance:NodeId"] = "2" });
        await a.WaitReadyAsync(TimeSpan.FromSeconds(90));
        await b.WaitReadyAsync(TimeSpan.FromSeconds(90));
        var token = (await File.ReadAllTextAsync(Path.Combine(_directory, "admin.pat"))).Trim();

        using var clientA = Client(a, token);
        using var clientB = Client(b, token);
        var orgId = await Scenario.AddOrgAsync(clientA);
        var userIds = new List<string>();
        for (var i = 0; i < Users; i++)
        {
            userIds.Add((await Scenario.ImportAsync(i % 2 == 0 ? clientA : clientB, orgId, $"replica-user-{i}")).GetProperty("userId").GetString()!);
        }

        var results = new ConcurrentBag<(string UserId, int Replica, HttpStatusCode Status, string Body)>();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(
            Enumerable.Range(0, Users * CallsPerUser),
            new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (i, cancellationToken) =>
            {
                var userId = userIds[i % Users];
                var replica = (i / Users) % 2;
                var response = await Scenario.SetInitialPasswordAsync(replica == 0 ? clientA : clientB, userId, $"Harbor-{i}-Lantern!", orgId);
                results.Add((userId, replica, response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken)));
            });
        clock.Stop();

        var successes = results.Count(r => r.Status == HttpStatusCode.OK);
        var aborted = results.Where(r => r.Status != HttpStatusCode.OK).ToList();
        output.WriteLine($"replicas=2 users={Users} calls={results.Count} successes={successes} aborted={aborted.Count} " +
            $"viaA={results.Count(r => r.Replica == 0)} viaB={results.Count(r => r.Replica == 1)} elapsed={clock.ElapsedMilliseconds}ms");
        Assert.Equal(Users * CallsPerUser, results.Count);
        Assert.All(aborted, r =>
        {
            Assert.Equal(HttpStatusCode.Conflict, r.Status);
            Assert.Contains("COMMAND-ConcurrentModification", r.Body, StringComparison.Ordinal);
        });
        Assert.True(successes > 0);

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        foreach (var userId in userIds)
        {
            var succeeded = results.Count(r => r.UserId == userId && r.Status == HttpStatusCode.OK);
            var answered = results.Where(r => r.UserId == userId && r.Status == HttpStatusCode.OK)
                .Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("details").GetProperty("sequence").GetString()).ToList();
            Assert.Equal(succeeded, answered.Distinct().Count());

            await using var command = new NpgsqlCommand(
                "SELECT u.\"Sequence\", (SELECT count(*) FROM events e WHERE e.\"AggregateType\" = 'user' AND e.\"AggregateId\" = u.\"Id\"), " +
                "(SELECT count(DISTINCT e.\"Sequence\") FROM events e WHERE e.\"AggregateType\" = 'user' AND e.\"AggregateId\" = u.\"Id\") FROM users u WHERE u.\"Id\" = @id",
                connection);
            command.Parameters.AddWithValue("id", userId);
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal(1 + succeeded, reader.GetInt64(0));
            Assert.Equal(reader.GetInt64(0), reader.GetInt64(1));
            Assert.Equal(reader.GetInt64(1), reader.GetInt64(2));
        }

        await using var orgs = new NpgsqlCommand("SELECT count(*) FROM organizations WHERE \"Name\" = 'Default'", connection);
        Assert.Equal(1L, await orgs.ExecuteScalarAsync());
    }

    /// <summary>
    /// Two replicas with the same issuer and key-encryption key: a token one signs works at the other (which loads the
    /// key it has not seen yet), both publish the same keys, and an assertion's jti is used once across both.
    /// </summary>
    [SkippableFact]
    public async Task An_access_token_from_one_replica_works_at_the_other_and_a_jti_is_used_once_across_both()
    {
        Skip.If(PostgresApiFactory.UnavailableReason is not null, PostgresApiFactory.UnavailableReason);
        const string issuer = "https://id.example.test";
        var settings = new Dictionary<string, string>
        {
            ["Identity:Database:Provider"] = "Postgres",
            ["Identity:Database:ConnectionString"] = await CreateDatabaseAsync(),
            ["Identity:Passwords:HashIterations"] = "1000",
            ["Identity:Bootstrap:TokenFile"] = Path.Combine(_directory, "admin.pat"),
            ["Identity:OAuth:Issuer"] = issuer,
            ["Identity:OAuth:KeyEncryptionKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        };
        await using var a = ServiceProcess.Start(new Dictionary<string, string>(settings) { ["Identity:Instance:NodeId"] = "1" });
        await a.WaitReadyAsync(TimeSpan.FromSeconds(90));
        var token = (await File.ReadAllTextAsync(Path.Combine(_directory, "admin.pat"))).Trim();
        using var adminA = Client(a, token);
        var orgId = await Scenario.AddOrgAsync(adminA);
        adminA.DefaultRequestHeaders.Add("x-zitadel-orgid", orgId);
        var added = await adminA.PostAsJsonAsync("/management/v1/users/machine", new { userName = "svc-replicas", name = "Service" });
        var machine = JsonDocument.Parse(await added.Content.ReadAsStringAsync()).RootElement.GetProperty("userId").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await adminA.PostAsJsonAsync("/management/v1/orgs/me/members", new { userId = machine, roles = new[] { "ORG_USER_MANAGER" } })).StatusCode);
        var keyFile = await OAuthAssertions.KeyFileAsync(adminA, machine);

        // replica A signs a token (and makes the first signing key) before replica B starts
        var assertion = OAuthAssertions.Create(keyFile, issuer, jti: Guid.NewGuid().ToString("N"));
        using var anonymousA = new HttpClient { BaseAddress = a.RestAddress };
        var issued = await anonymousA.PostAsync(new Uri("/oauth/v2/token", UriKind.Relative), new FormUrlEncodedContent(
            [new("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"), new("assertion", assertion)]));
        var issuedBody = await issued.Content.ReadAsStringAsync();
        Assert.True(issued.StatusCode == HttpStatusCode.OK, issuedBody);
        var accessToken = JsonDocument.Parse(issuedBody).RootElement.GetProperty("access_token").GetString()!;

        await using var b = ServiceProcess.Start(new Dictionary<string, string>(settings) { ["Identity:Instance:NodeId"] = "2" });
        await b.WaitReadyAsync(TimeSpan.FromSeconds(90));
        using var anonymousB = new HttpClient { BaseAddress = b.RestAddress };
        var replay = await anonymousB.PostAsync(new Uri("/oauth/v2/token", UriKind.Relative), new FormUrlEncodedContent(
            [new("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"), new("assertion", assertion)]));
        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        Assert.Contains("invalid_grant", await replay.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var callerB = Client(b, accessToken);
        callerB.DefaultRequestHeaders.Add("x-zitadel-orgid", orgId);
        var read = await callerB.GetAsync(new Uri($"/management/v1/users/{machine}", UriKind.Relative));
        Assert.True(read.StatusCode == HttpStatusCode.OK, await read.Content.ReadAsStringAsync());

        static async Task<string[]> KidsAsync(HttpClient client) =>
            [.. JsonDocument.Parse(await client.GetStringAsync(new Uri("/oauth/v2/keys", UriKind.Relative))).RootElement.GetProperty("keys").EnumerateArray()
                .Select(k => k.GetProperty("kid").GetString()!).Order(StringComparer.Ordinal)];
        var kidsA = await KidsAsync(anonymousA);
        Assert.Equal(kidsA, await KidsAsync(anonymousB));
        Assert.Contains(new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(accessToken).Kid, kidsA);
    }

    private static HttpClient Client(ServiceProcess service, string token)
    {
        var client = new HttpClient { BaseAddress = service.RestAddress, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private async Task<string> CreateDatabaseAsync()
    {
        await using var connection = new NpgsqlConnection(PostgresApiFactory.AdminConnectionString);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{_database}\"", connection);
        await create.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(PostgresApiFactory.AdminConnectionString) { Database = _database, Timeout = 3 }.ConnectionString;
    }
}
