using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Identity.Api.Tests.Support;
using Identity.Infrastructure.Persistence;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Identity.Api.Tests;

/// <summary>The host with every log line of every category captured, at the most verbose level.</summary>
public sealed class LogCapturingFactory : ApiFactory
{
    public CapturingLoggerProvider Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Logging:LogLevel:Default", "Trace");
        builder.UseSetting("Logging:LogLevel:Microsoft", "Trace");
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Trace");
        builder.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore", "Trace");
        builder.ConfigureLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
    }
}

public sealed class SecretHygieneTests(LogCapturingFactory factory) : IClassFixture<LogCapturingFactory>
{
    [Fact]
    public async Task No_password_hash_or_token_appears_in_any_log_line_or_event()
    {
        var admin = factory.Rest(factory.Start());
        var (subscription, delivered) = await OutboxProbe.SubscribeAsync(factory);
        using var _ = subscription;
        var secrets = new List<string> { factory.AdminToken };
        var orgId = await Scenario.AddOrgAsync(admin);
        var client = factory.Rest(factory.AdminToken, orgId);

        const string imported = "Imported-Lantern-58!";
        const string initial = "Sunny-Meadow-42!";
        const string weak = "weakling";
        const string common = "P@ssw0rd";
        secrets.AddRange([imported, initial, weak, common]);
        var userId = (await Scenario.ImportAsync(admin, orgId, "hygiene", imported)).GetProperty("userId").GetString()!;

        // hashed_password: a bcrypt hash accepted (stored as it is), malformed ones and one sent with a password refused
        var bcrypt = BCrypt.Net.BCrypt.HashPassword("Bcrypt-Lantern-58!", BCrypt.Net.BCrypt.GenerateSalt(4, 'b'));
        var argon = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA";
        var shortBcrypt = bcrypt[..^1];
        secrets.AddRange([bcrypt, bcrypt[7..], argon, shortBcrypt, "Bcrypt-Lantern-58!"]);
        Assert.Equal(HttpStatusCode.OK, (await ImportHashAsync(admin, orgId, "hygiene-bcrypt", bcrypt)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await ImportHashAsync(admin, orgId, "hygiene-argon", argon)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await ImportHashAsync(admin, orgId, "hygiene-short", shortBcrypt)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await ImportHashAsync(admin, orgId, "hygiene-both", bcrypt, imported)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Scenario.SetInitialPasswordAsync(client, userId, initial)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Scenario.SetInitialPasswordAsync(client, userId, weak)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Scenario.SetInitialPasswordAsync(client, userId, common)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Scenario.SetInitialPasswordAsync(client, userId, new string('x', 73))).StatusCode);

        var machine = JsonDocument.Parse(await (await client.PostAsJsonAsync("/management/v1/users/machine", new { userName = "hygiene-bot", name = "Bot" })).Content.ReadAsStringAsync());
        var machineId = machine.RootElement.GetProperty("userId").GetString()!;
        var pat = JsonDocument.Parse(await (await client.PostAsJsonAsync($"/management/v1/users/{machineId}/pats", new { })).Content.ReadAsStringAsync());
        var token = pat.RootElement.GetProperty("token").GetString()!;
        secrets.Add(token);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.Rest(token + "-wrong").GetAsync(new Uri("/management/v1/orgs/me", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await factory.Rest(token).GetAsync(new Uri("/management/v1/orgs/me", UriKind.Relative))).StatusCode);

        // machine credentials: the generated private key, the client secret and a private key sent by mistake as a public key
        var keyAdded = JsonDocument.Parse(await (await client.PostAsJsonAsync($"/management/v1/users/{machineId}/keys", new { type = "KEY_TYPE_JSON" })).Content.ReadAsStringAsync());
        using var keyFile = JsonDocument.Parse(Convert.FromBase64String(keyAdded.RootElement.GetProperty("keyDetails").GetString()!));
        secrets.AddRange(PemBody(keyFile.RootElement.GetProperty("key").GetString()!));
        var clientSecret = JsonDocument.Parse(await (await client.PutAsJsonAsync($"/management/v1/users/{machineId}/secret", new { })).Content.ReadAsStringAsync())
            .RootElement.GetProperty("clientSecret").GetString()!;
        secrets.Add(clientSecret);
        using (var mistaken = System.Security.Cryptography.RSA.Create(2048))
        {
            var privatePem = mistaken.ExportRSAPrivateKeyPem();
            secrets.AddRange(PemBody(privatePem));
            Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync($"/management/v1/users/{machineId}/keys",
                new { type = "KEY_TYPE_JSON", publicKey = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(privatePem)) })).StatusCode);
        }

        await using (var scope = factory.ModuleServices.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
            secrets.AddRange(await db.Users.Where(u => u.PasswordHash != null).Select(u => u.PasswordHash!).ToListAsync());
            secrets.AddRange(await db.PersonalAccessTokens.Select(t => t.TokenHash).ToListAsync());
            secrets.AddRange(await db.Users.Where(u => u.MachineSecretHash != null).Select(u => u.MachineSecretHash!).ToListAsync());
            var payloads = await db.Events.Select(e => e.Payload).ToListAsync();
            Assert.All(secrets, s => Assert.DoesNotContain(payloads, p => p.Contains(s, StringComparison.Ordinal)));

            // The outbox (and what subscribers receive) holds the same facts: no secret either.
            var outbox = await db.OutboxMessages.Select(m => m.EventType + " " + m.Payload).ToListAsync();
            Assert.Contains(outbox, m => m.StartsWith("InitialPasswordSet ", StringComparison.Ordinal));
            Assert.Contains(outbox, m => m.StartsWith("PersonalAccessTokenAdded ", StringComparison.Ordinal));
            Assert.Contains(outbox, m => m.StartsWith("MachineKeyAdded ", StringComparison.Ordinal));
            Assert.Contains(outbox, m => m.StartsWith("MachineSecretSet ", StringComparison.Ordinal));
            Assert.All(secrets, s => Assert.DoesNotContain(outbox, p => p.Contains(s, StringComparison.Ordinal)));
            await OutboxProbe.WaitForAsync(delivered, e => e.Any(x => x is Application.Events.PersonalAccessTokenAdded));
            var received = delivered.Select(e => JsonSerializer.Serialize(e, e.GetType())).ToList();
            Assert.All(secrets, s => Assert.DoesNotContain(received, p => p.Contains(s, StringComparison.Ordinal)));
        }

        var lines = factory.Logs.Lines.ToList();
        Assert.True(lines.Count > 50, $"only {lines.Count} log lines were captured");
        Assert.Contains(lines, l => l.Contains("refused: POLICY-PasswordInvalid", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("USER-HashFormatUnsupported", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Executed DbCommand", StringComparison.Ordinal));
        foreach (var secret in secrets.Distinct())
        {
            var leaks = lines.Where(l => l.Contains(secret, StringComparison.Ordinal)).ToList();
            Assert.True(leaks.Count == 0, $"a secret of length {secret.Length} appears in {leaks.Count} log lines, e.g. {leaks.FirstOrDefault()?[..Math.Min(200, leaks[0].Length)]}");
        }
    }

    /// <summary>The base64 lines of a PEM block: any of them in a log line would be a leak of the key.</summary>
    private static IEnumerable<string> PemBody(string pem) =>
        pem.Split('\n').Where(l => l.Length > 0 && !l.StartsWith("-----", StringComparison.Ordinal));

    private static async Task<HttpResponseMessage> ImportHashAsync(HttpClient client, string orgId, string userName, string hash, string? password = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/management/v1/users/human/_import")
        {
            Content = JsonContent.Create(new
            {
                userName,
                profile = new { firstName = "Gyro", lastName = "Gearloose" },
                email = new { email = "gyro@acme.test" },
                password,
                hashedPassword = new { value = hash },
            }),
        };
        request.Headers.Add("x-zitadel-orgid", orgId);
        return await client.SendAsync(request);
    }
}
