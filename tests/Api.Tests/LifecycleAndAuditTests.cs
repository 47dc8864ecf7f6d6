using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using Identity.Api.Tests.Support;
using Identity.Application.Common;
using Identity.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using Zitadel.Management.V1;

namespace Identity.Api.Tests;

/// <summary>A user's life (state changes), its audit trail, and concurrent writers through the real host.</summary>
public sealed class SqliteLifecycleAndAuditTests(ApiFactory factory, ITestOutputHelper output) : LifecycleAndAuditTests<ApiFactory>(factory, output);

public sealed class PostgresLifecycleAndAuditTests(PostgresApiFactory factory, ITestOutputHelper output) : LifecycleAndAuditTests<PostgresApiFactory>(factory, output);

public abstract class LifecycleAndAuditTests<TFactory>(TFactory factory, ITestOutputHelper output) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    private static readonly string[] Passwords = ["Sunny-Meadow-42!", "Quiet-Harbor-77?"];

    [SkippableFact]
    public async Task One_user_walks_through_every_state_and_the_audit_trail_tells_it()
    {
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);
        var client = factory.Rest(factory.AdminToken, orgId);
        var userId = (await Scenario.ImportAsync(admin, orgId, "magica")).GetProperty("userId").GetString()!;

        await Expect(await Post(client, userId, "_deactivate"), HttpStatusCode.BadRequest, "USER-CantDeactivateInitial");
        await ExpectSequence(await Post(client, userId, "_lock"), 2);
        await ExpectSequence(await Scenario.SetInitialPasswordAsync(client, userId, Passwords[0]), 3);
        Assert.Equal("USER_STATE_LOCKED", await StateAsync(client, userId));
        await ExpectSequence(await Post(client, userId, "_unlock"), 4);
        Assert.Equal("USER_STATE_ACTIVE", await StateAsync(client, userId));
        await ExpectSequence(await Post(client, userId, "_deactivate"), 5);
        await Expect(await Post(client, userId, "_deactivate"), HttpStatusCode.BadRequest, "USER-AlreadyInactive");
        await Expect(await Scenario.SetInitialPasswordAsync(client, userId, Passwords[1]), HttpStatusCode.BadRequest, "USER-Inactive");
        Assert.Equal("USER_STATE_INACTIVE", await StateAsync(client, userId));
        await ExpectSequence(await Post(client, userId, "_reactivate"), 6);
        await Expect(await Post(client, userId, "_reactivate"), HttpStatusCode.BadRequest, "USER-NotInactive");
        await Expect(await Post(client, userId, "_unlock"), HttpStatusCode.BadRequest, "USER-NotLocked");
        await ExpectSequence(await Scenario.SetInitialPasswordAsync(client, userId, Passwords[1]), 7);

        var changes = await ChangesAsync(client, userId, new { asc = true });
        Assert.Equal([1, 2, 3, 4, 5, 6, 7], changes.Select(c => Seq(c)));
        Assert.Equal(
            ["user.human.added", "user.locked", "user.human.password.changed", "user.unlocked", "user.deactivated", "user.reactivated", "user.human.password.changed"],
            changes.Select(c => c.GetProperty("eventType").GetProperty("key").GetString()));
        var adminId = (await factory.Grpc().GetMyOrgAsync(new GetMyOrgRequest(), ApiFactory.Headers(factory.AdminToken))).Org.Id;
        Assert.All(changes, c => Assert.Equal("Administrator", c.GetProperty("editorDisplayName").GetString()));
        Assert.All(changes, c => Assert.Equal(orgId, c.GetProperty("resourceOwnerId").GetString()));
        Assert.All(changes, c => Assert.StartsWith("admin@", c.GetProperty("editorPreferredLoginName").GetString(), StringComparison.Ordinal));
        Assert.NotEqual(adminId, changes[0].GetProperty("editorId").GetString());
        Assert.Equal("Password changed", changes[2].GetProperty("eventType").GetProperty("localizedMessage").GetString());

        Assert.Equal([3, 4], (await ChangesAsync(client, userId, new { sequence = 2, limit = 2, asc = true })).Select(c => Seq(c)));
        Assert.Equal([7, 6, 5, 4, 3, 2, 1], (await ChangesAsync(client, userId, new { })).Select(c => Seq(c)));
        Assert.Equal([3, 2, 1], (await ChangesAsync(client, userId, new { sequence = 4 })).Select(c => Seq(c)));
        var tooMany = await client.PostAsJsonAsync($"/management/v1/users/{userId}/changes/_search", new { query = new { limit = 1001 } });
        Assert.Contains("CHANGE-LimitTooLarge", await ContractAssert.RestErrorAsync(tooMany, HttpStatusCode.BadRequest, StatusCode.InvalidArgument, "VALIDATION-InvalidArgument"));

        await ExpectSequence(await client.DeleteAsync(new Uri($"/management/v1/users/{userId}", UriKind.Relative)), 8);
        await Expect(await client.GetAsync(new Uri($"/management/v1/users/{userId}", UriKind.Relative)), HttpStatusCode.NotFound, "USER-NotFound");
        await Expect(await Scenario.SetInitialPasswordAsync(client, userId, Passwords[0]), HttpStatusCode.NotFound, "USER-NotFound");
        await Expect(await Post(client, userId, "_lock"), HttpStatusCode.NotFound, "USER-NotFound");
        await Expect(await client.DeleteAsync(new Uri($"/management/v1/users/{userId}", UriKind.Relative)), HttpStatusCode.NotFound, "USER-NotFound");
        await Expect(await client.PostAsJsonAsync($"/management/v1/users/{userId}/changes/_search", new { }), HttpStatusCode.NotFound, "USER-NotFound");
        Assert.NotEqual(userId, (await Scenario.ImportAsync(admin, orgId, "MAGICA")).GetProperty("userId").GetString());
        await AssertEventsMatchSequencesAndHoldNoSecretAsync();
    }

    [SkippableFact]
    public async Task Concurrent_initial_passwords_on_one_user_lose_no_update()
    {
        const int calls = 50;
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);
        var userId = (await Scenario.ImportAsync(admin, orgId, "gizmo")).GetProperty("userId").GetString()!;
        var retries = 0L;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == IdentityMetrics.MeterName && instrument.Name == "identity.unit_of_work.retries")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            if (tags.ToArray().Any(t => t.Value as string == "SetInitialPasswordCommand"))
            {
                Interlocked.Add(ref retries, value);
            }
        });
        listener.Start();

        var bodies = new ConcurrentBag<(HttpStatusCode Status, string Body)>();
        using var start = new ManualResetEventSlim();

        // Clients are made here, one after another: the factory's CreateClient is not thread-safe.
        var clients = Enumerable.Range(0, calls).Select(_ => factory.Rest(factory.AdminToken, orgId)).ToList();
        var tasks = Enumerable.Range(0, calls).Select(i => Task.Run(async () =>
        {
            var client = clients[i];
            start.Wait();
            var response = await Scenario.SetInitialPasswordAsync(client, userId, $"Parallel-{i}-Secret!");
            bodies.Add((response.StatusCode, await response.Content.ReadAsStringAsync()));
        })).ToList();
        start.Set();
        await Task.WhenAll(tasks);

        var successes = bodies.Count(b => b.Status == HttpStatusCode.OK);
        var aborts = bodies.Where(b => b.Status != HttpStatusCode.OK).ToList();
        output.WriteLine($"calls={calls} successes={successes} retries={Interlocked.Read(ref retries)} aborts={aborts.Count}");
        Assert.Equal(calls, bodies.Count);
        Assert.True(successes > 0);
        foreach (var (status, body) in aborts)
        {
            Assert.Equal(HttpStatusCode.Conflict, status);
            using var json = JsonDocument.Parse(body);
            Assert.Equal((int)StatusCode.Aborted, json.RootElement.GetProperty("code").GetInt32());
            Assert.Equal("COMMAND-ConcurrentModification", json.RootElement.GetProperty("details")[0].GetProperty("id").GetString());
        }

        var sequences = bodies.Where(b => b.Status == HttpStatusCode.OK)
            .Select(b => JsonDocument.Parse(b.Body).RootElement.GetProperty("details").GetProperty("sequence").GetString()).ToList();
        Assert.Equal(successes, sequences.Distinct().Count());
        var user = await factory.Grpc().GetUserByIDAsync(new GetUserByIDRequest { Id = userId }, ApiFactory.Headers(factory.AdminToken, orgId));
        Assert.Equal((ulong)(1 + successes), user.User.Details.Sequence);
        await AssertEventsMatchSequencesAndHoldNoSecretAsync();
    }

    [SkippableFact]
    public async Task A_user_with_id_SYSTEM_is_never_the_editor_of_the_bootstrap_events()
    {
        var admin = factory.Rest(factory.Start());
        var impostor = await admin.PostAsJsonAsync("/management/v1/users/machine", new { userName = "impostor", name = "Impostor", userId = "SYSTEM" });
        Assert.True(impostor.IsSuccessStatusCode, await impostor.Content.ReadAsStringAsync());
        var grpc = factory.Grpc();
        var reserved = await Assert.ThrowsAsync<RpcException>(() => grpc.AddMachineUserAsync(
            new AddMachineUserRequest { UserName = "system-bot", Name = "System", UserId = "system:bootstrap" }, ApiFactory.Headers(factory.AdminToken)).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, reserved.StatusCode);
        string adminId;
        await using (var scope = factory.ModuleServices.CreateAsyncScope())
        {
            adminId = (await scope.ServiceProvider.GetRequiredService<IdentityDbContext>().Users.AsNoTracking().SingleAsync(u => u.UserName == "admin")).Id.Value;
        }

        var rest = await ChangesAsync(admin, adminId, new { asc = true });
        var overGrpc = (await grpc.ListUserChangesAsync(
            new ListUserChangesRequest { UserId = adminId, Query = new Zitadel.Change.V1.ChangeQuery { Asc = true } }, ApiFactory.Headers(factory.AdminToken))).Result;

        Assert.Equal(["user.machine.added", "user.personal.access.token.added"], rest.Select(c => c.GetProperty("eventType").GetProperty("key").GetString()));
        Assert.All(rest, c =>
        {
            Assert.Equal("system:bootstrap", c.GetProperty("editorId").GetString());
            Assert.Equal("System", c.GetProperty("editorDisplayName").GetString());
            Assert.False(c.TryGetProperty("editorPreferredLoginName", out var login) && login.GetString() is { Length: > 0 }, "a system change has no login name");
        });
        Assert.Equal(2, overGrpc.Count);
        Assert.All(overGrpc, c => Assert.Equal(("system:bootstrap", "System", string.Empty), (c.EditorId, c.EditorDisplayName, c.EditorPreferredLoginName)));
        Assert.DoesNotContain("Impostor", JsonSerializer.Serialize(rest), StringComparison.Ordinal);
        Assert.DoesNotContain(overGrpc, c => c.EditorId == "SYSTEM" || c.EditorDisplayName == "Impostor" || c.EditorPreferredLoginName.StartsWith("impostor", StringComparison.Ordinal));
    }

    /// <summary>For every user: events == sequence, sequences 1..n without a gap; no payload holds a password, hash or token.</summary>
    private async Task AssertEventsMatchSequencesAndHoldNoSecretAsync()
    {
        await using var scope = factory.ModuleServices.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        var users = await db.Users.AsNoTracking().ToListAsync();
        var events = await db.Events.AsNoTracking().ToListAsync();
        foreach (var user in users)
        {
            var sequences = events.Where(e => e.AggregateType == "user" && e.AggregateId == user.Id.Value).Select(e => e.Sequence).Order().ToList();
            Assert.Equal(Enumerable.Range(1, (int)user.Sequence).Select(s => (long)s), sequences);
        }

        var secrets = users.Select(u => u.PasswordHash).OfType<string>()
            .Concat(await db.PersonalAccessTokens.Select(t => t.TokenHash).ToListAsync())
            .Concat(Passwords).Append(factory.AdminToken).Append("Parallel-").ToList();
        Assert.All(events, e => Assert.All(secrets, secret => Assert.DoesNotContain(secret, e.Payload, StringComparison.Ordinal)));
    }

    private static int Seq(JsonElement change) => int.Parse(change.GetProperty("sequence").GetString()!, System.Globalization.CultureInfo.InvariantCulture);

    private static Task<HttpResponseMessage> Post(HttpClient client, string userId, string action) =>
        client.PostAsJsonAsync($"/management/v1/users/{userId}/{action}", new { });

    private static async Task Expect(HttpResponseMessage response, HttpStatusCode status, string id) =>
        await ContractAssert.RestErrorAsync(response, status, status switch
        {
            HttpStatusCode.NotFound => StatusCode.NotFound,
            _ => StatusCode.FailedPrecondition,
        }, id);

    private static async Task ExpectSequence(HttpResponseMessage response, int sequence)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        Assert.Equal(sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), JsonDocument.Parse(body).RootElement.GetProperty("details").GetProperty("sequence").GetString());
    }

    private static async Task<string?> StateAsync(HttpClient client, string userId) =>
        JsonDocument.Parse(await client.GetStringAsync(new Uri($"/management/v1/users/{userId}", UriKind.Relative))).RootElement.GetProperty("user").GetProperty("state").GetString();

    private static async Task<List<JsonElement>> ChangesAsync(HttpClient client, string userId, object query)
    {
        var response = await client.PostAsJsonAsync($"/management/v1/users/{userId}/changes/_search", new { query });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("result").EnumerateArray().Select(e => e.Clone()).ToList();
    }
}
