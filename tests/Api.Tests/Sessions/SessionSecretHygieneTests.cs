using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Grpc.Core;
using Grpc.Net.Client;
using Identity.Api.Tests.Support;
using Identity.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zitadel.Session.V2;

namespace Identity.Api.Tests.Sessions;

/// <summary>
/// Session tokens and passwords never leave the request that carries them: after create, get, set and
/// delete on REST and gRPC (and failed checks), no log line of any category at Trace level, no event, no
/// outbox row and no error body holds a token, its hash or the password.
/// </summary>
public sealed class SessionSecretHygieneTests(LogCapturingFactory factory) : IClassFixture<LogCapturingFactory>
{
    private const string Password = "Quiet-Harbor-73!";
    private const string WrongPassword = "Loud-Harbor-73!";

    [Fact]
    public async Task No_session_token_its_hash_or_the_password_appears_in_logs_events_outbox_or_errors()
    {
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);
        var userId = (await Scenario.ImportAsync(admin, orgId, "hush-" + Guid.NewGuid().ToString("N")[..8])).GetProperty("userId").GetString()!;
        Assert.True((await Scenario.SetInitialPasswordAsync(admin, userId, Password, orgId)).IsSuccessStatusCode);
        var (_, strangerToken) = await factory.CreateMachineCallerAsync(orgId);
        var stranger = factory.Rest(strangerToken);
        var tokens = new List<string>();
        var errorBodies = new List<string>();

        // REST: create with a password, get with the token in the query, set, a wrong password, delete with the token.
        var created = await JsonAsync(await admin.PostAsJsonAsync("/v2/sessions", new { checks = new { user = new { userId }, password = new { password = Password } } }), HttpStatusCode.Created);
        var restId = created.GetProperty("sessionId").GetString()!;
        tokens.Add(created.GetProperty("sessionToken").GetString()!);
        await JsonAsync(await stranger.GetAsync(new Uri($"/v2/sessions/{restId}?sessionToken={Uri.EscapeDataString(tokens[^1])}", UriKind.Relative)), HttpStatusCode.OK);
        var set = await JsonAsync(await admin.PatchAsJsonAsync($"/v2/sessions/{restId}", new { checks = new { password = new { password = Password } } }), HttpStatusCode.OK);
        tokens.Add(set.GetProperty("sessionToken").GetString()!);
        var wrong = await admin.PatchAsJsonAsync($"/v2/sessions/{restId}", new { checks = new { password = new { password = WrongPassword } } });
        errorBodies.Add(await wrong.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        var oldToken = await stranger.GetAsync(new Uri($"/v2/sessions/{restId}?sessionToken={Uri.EscapeDataString(tokens[0])}", UriKind.Relative));
        errorBodies.Add(await oldToken.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, oldToken.StatusCode);
        using (var delete = new HttpRequestMessage(HttpMethod.Delete, $"/v2/sessions/{restId}") { Content = JsonContent.Create(new { sessionToken = tokens[^1] }) })
        {
            await JsonAsync(await stranger.SendAsync(delete), HttpStatusCode.OK);
        }

        // gRPC: the same steps.
        var client = new SessionService.SessionServiceClient(
            GrpcChannel.ForAddress(factory.Server.BaseAddress, new GrpcChannelOptions { HttpHandler = factory.Server.CreateHandler() }));
        var headers = ApiFactory.Headers(factory.AdminToken);
        var strangerHeaders = ApiFactory.Headers(strangerToken);
        var grpcCreated = await client.CreateSessionAsync(
            new CreateSessionRequest { Checks = new Checks { User = new CheckUser { UserId = userId }, Password = new CheckPassword { Password = Password } } }, headers);
        tokens.Add(grpcCreated.SessionToken);
        await client.GetSessionAsync(new GetSessionRequest { SessionId = grpcCreated.SessionId, SessionToken = grpcCreated.SessionToken }, strangerHeaders);
        var grpcSet = await client.SetSessionAsync(
            new SetSessionRequest { SessionId = grpcCreated.SessionId, Checks = new Checks { Password = new CheckPassword { Password = Password } } }, headers);
        tokens.Add(grpcSet.SessionToken);
        var grpcWrong = await Assert.ThrowsAsync<RpcException>(() => client.SetSessionAsync(
            new SetSessionRequest { SessionId = grpcCreated.SessionId, Checks = new Checks { Password = new CheckPassword { Password = WrongPassword } } }, headers).ResponseAsync);
        errorBodies.Add(grpcWrong.ToString());
        var grpcOld = await Assert.ThrowsAsync<RpcException>(() => client.GetSessionAsync(
            new GetSessionRequest { SessionId = grpcCreated.SessionId, SessionToken = grpcCreated.SessionToken }, strangerHeaders).ResponseAsync);
        errorBodies.Add(grpcOld.ToString());
        await client.DeleteSessionAsync(new DeleteSessionRequest { SessionId = grpcCreated.SessionId, SessionToken = grpcSet.SessionToken }, strangerHeaders);

        // A session token is no bearer token: the refusal must not echo it either.
        var asBearer = await factory.Rest(tokens[^1]).GetAsync(new Uri("/v2/sessions/" + restId, UriKind.Relative));
        errorBodies.Add(await asBearer.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, asBearer.StatusCode);

        Assert.Equal(4, tokens.Distinct().Count());
        var secrets = new List<string> { Password, WrongPassword };
        secrets.AddRange(tokens);
        secrets.AddRange(tokens.Select(Sha256Hex));
        secrets.AddRange(tokens.Select(Uri.EscapeDataString));

        await using (var scope = factory.ModuleServices.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
            var events = await db.Events.AsNoTracking().Where(e => e.AggregateType == "session").Select(e => e.EventType + " " + e.Payload).ToListAsync();
            Assert.Contains(events, e => e.StartsWith("session.token.renewed", StringComparison.Ordinal));
            Assert.Contains(events, e => e.StartsWith("session.terminated", StringComparison.Ordinal));
            var outbox = await db.OutboxMessages.AsNoTracking().Select(m => m.EventType + " " + m.Payload).ToListAsync();
            var allEvents = await db.Events.AsNoTracking().Select(e => e.Payload).ToListAsync();
            foreach (var secret in secrets)
            {
                Assert.DoesNotContain(allEvents, p => p.Contains(secret, StringComparison.Ordinal));
                Assert.DoesNotContain(outbox, p => p.Contains(secret, StringComparison.Ordinal));
                Assert.DoesNotContain(errorBodies, b => b.Contains(secret, StringComparison.Ordinal));
            }
        }

        var lines = factory.Logs.Lines.ToList();
        Assert.Contains(lines, l => l.Contains("/v2/sessions", StringComparison.Ordinal));
        foreach (var secret in secrets.Distinct())
        {
            var leaks = lines.Where(l => l.Contains(secret, StringComparison.Ordinal)).Select(l => l.Replace(secret, "<SECRET>", StringComparison.Ordinal)).ToList();
            Assert.True(leaks.Count == 0, $"a secret of length {secret.Length} appears in {leaks.Count} log lines, e.g. {string.Join(" | ", leaks.Take(3).Select(l => l[..Math.Min(300, l.Length)]))}");
        }
    }

    private static string Sha256Hex(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
