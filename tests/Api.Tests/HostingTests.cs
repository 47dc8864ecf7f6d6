using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Identity.Api.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Identity.Api.Tests;

/// <summary>The service as an operator runs it: a real process, configured by environment variables.</summary>
public sealed class HostingTests() : ProcessDirectoryTests("identity-hosting")
{

    [Fact]
    public async Task Tls_with_a_certificate_file_and_environment_variables_overriding_the_settings_file()
    {
        using var certificate = SelfSigned();
        var pfx = Path.Combine(ProcessDirectory, "service.pfx");
        await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, "pfx-password"));
        await using var service = ServiceProcess.Start(Settings(new()
        {
            ["Kestrel:Endpoints:Rest:Certificate:Path"] = pfx,
            ["Kestrel:Endpoints:Rest:Certificate:Password"] = "pfx-password",
            ["Identity:Bootstrap:OrgName"] = "From Environment",
        }), https: true);
        var thumbprint = certificate.Thumbprint;
        using var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, cert, _, _) => cert?.Thumbprint == thumbprint,
        };
        await service.WaitReadyAsync(TimeSpan.FromSeconds(60), new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, cert, _, _) => cert?.Thumbprint == thumbprint });
        using var client = new HttpClient(handler) { BaseAddress = service.RestAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync());

        var org = JsonDocument.Parse(await client.GetStringAsync(new Uri("/management/v1/orgs/me", UriKind.Relative))).RootElement.GetProperty("org");

        Assert.Equal("https", service.RestAddress.Scheme);
        Assert.Equal("From Environment", org.GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/debug/healthz", UriKind.Relative))).StatusCode);
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{service.GrpcPort}");
        var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }

    [Fact]
    public async Task On_sigterm_an_in_flight_call_completes_new_calls_are_refused_and_sqlite_stays_consistent()
    {
        // A slow hash keeps the call in flight while the process is asked to stop.
        await using var service = ServiceProcess.Start(Settings(new() { ["Identity:Passwords:HashIterations"] = "3000000" }));
        await service.WaitReadyAsync(TimeSpan.FromSeconds(60));
        using var client = new HttpClient { BaseAddress = service.RestAddress, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync());
        var orgId = JsonDocument.Parse(await client.GetStringAsync(new Uri("/management/v1/orgs/me", UriKind.Relative))).RootElement.GetProperty("org").GetProperty("id").GetString()!;
        var userId = (await Scenario.ImportAsync(client, orgId, "shutdown")).GetProperty("userId").GetString()!;

        var inFlight = Scenario.SetInitialPasswordAsync(client, userId, "Sunny-Meadow-42!");
        await Task.Delay(300);
        service.Terminate();
        await Task.Delay(300);
        var late = await Record.ExceptionAsync(async () =>
        {
            using var fresh = new HttpClient { BaseAddress = service.RestAddress, Timeout = TimeSpan.FromSeconds(5) };
            (await fresh.GetAsync(new Uri("/debug/healthz", UriKind.Relative))).EnsureSuccessStatusCode();
        });
        var completed = await inFlight;
        using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await service.WaitForExitAsync(exit.Token);

        Assert.Equal(HttpStatusCode.OK, completed.StatusCode);
        Assert.Equal("2", JsonDocument.Parse(await completed.Content.ReadAsStringAsync()).RootElement.GetProperty("details").GetProperty("sequence").GetString());
        Assert.NotNull(late);
        Assert.Equal(0, service.ExitCode);
        await using var db = new SqliteConnection($"Data Source={Path.Combine(ProcessDirectory, "identity.db")};Mode=ReadOnly");
        await db.OpenAsync();
        Assert.Equal("ok", await Scalar(db, "PRAGMA integrity_check"));
        Assert.Equal(2L, await Scalar(db, $"SELECT Sequence FROM users WHERE Id = '{userId}'"));
        Assert.Equal(2L, await Scalar(db, $"SELECT count(*) FROM events WHERE AggregateId = '{userId}'"));
    }

    private Dictionary<string, string> Settings(Dictionary<string, string> extra)
    {
        var settings = new Dictionary<string, string>
        {
            ["Identity:Database:ConnectionString"] = $"Data Source={Path.Combine(ProcessDirectory, "identity.db")}",
            ["Identity:Bootstrap:TokenFile"] = Path.Combine(ProcessDirectory, "admin.pat"),
            ["Identity:Passwords:HashIterations"] = "1000",
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return settings;
    }

    private async Task<string> TokenAsync() => (await File.ReadAllTextAsync(Path.Combine(ProcessDirectory, "admin.pat"))).Trim();

    private static async Task<object?> Scalar(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }
}
