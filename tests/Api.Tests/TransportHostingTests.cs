using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Grpc.Net.Client;
using Grpc.Net.Client.Web;
using Identity.Api.Tests.Support;
using Zitadel.Management.V1;

namespace Identity.Api.Tests;

/// <summary>
/// The two layouts of the transports in a real process: plain HTTP (REST, gRPC-Web and Connect on the
/// HTTP/1.1 port, native gRPC on the h2c port), and TLS with one port for all four (HTTP/1.1 and HTTP/2
/// by ALPN, <c>Kestrel:Endpoints:Rest:Protocols=Http1AndHttp2</c>).
/// </summary>
public sealed class TransportHostingTests() : ProcessDirectoryTests("identity-transports")
{

    [Fact]
    public async Task Plain_http_serves_rest_grpc_web_and_connect_on_the_http11_port_and_native_grpc_on_the_h2c_port()
    {
        await using var service = ServiceProcess.Start(Settings([]));
        await service.WaitReadyAsync(TimeSpan.FromSeconds(60));
        var token = await TokenAsync();
        using var rest = new HttpClient { BaseAddress = service.RestAddress };
        rest.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var (orgId, userId) = await RestAsync(rest);
        using var web = GrpcChannel.ForAddress(service.RestAddress, new GrpcChannelOptions
        {
            HttpHandler = new GrpcWebHandler(GrpcWebMode.GrpcWebText, new HttpClientHandler()),
            HttpVersion = HttpVersion.Version11,
            HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        });
        using var native = GrpcChannel.ForAddress($"http://127.0.0.1:{service.GrpcPort}");

        Assert.Equal(orgId, (await new ManagementService.ManagementServiceClient(web).GetMyOrgAsync(new GetMyOrgRequest(), ApiFactory.Headers(token, orgId))).Org.Id);
        Assert.Equal(orgId, (await new ManagementService.ManagementServiceClient(native).GetMyOrgAsync(new GetMyOrgRequest(), ApiFactory.Headers(token, orgId))).Org.Id);
        await ConnectAsync(rest, userId, HttpVersion.Version11);
    }

    [Fact]
    public async Task With_tls_one_port_serves_rest_native_grpc_grpc_web_and_connect()
    {
        using var certificate = SelfSigned();
        var pfx = Path.Combine(ProcessDirectory, "service.pfx");
        await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, "pfx-password"));
        await using var service = ServiceProcess.Start(Settings(new()
        {
            ["Kestrel:Endpoints:Rest:Certificate:Path"] = pfx,
            ["Kestrel:Endpoints:Rest:Certificate:Password"] = "pfx-password",
            ["Kestrel:Endpoints:Rest:Protocols"] = "Http1AndHttp2",
        }), https: true);
        var thumbprint = certificate.Thumbprint;
        HttpClientHandler Trusting() => new() { ServerCertificateCustomValidationCallback = (_, cert, _, _) => cert?.Thumbprint == thumbprint };
        await service.WaitReadyAsync(TimeSpan.FromSeconds(60), Trusting());
        var token = await TokenAsync();
        using var rest = new HttpClient(Trusting()) { BaseAddress = service.RestAddress };
        rest.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var (orgId, userId) = await RestAsync(rest);
        using var native = GrpcChannel.ForAddress(service.RestAddress, new GrpcChannelOptions { HttpHandler = Trusting() });
        using var web = GrpcChannel.ForAddress(service.RestAddress, new GrpcChannelOptions
        {
            HttpHandler = new GrpcWebHandler(GrpcWebMode.GrpcWeb, Trusting()),
            HttpVersion = HttpVersion.Version11,
            HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        });

        // native gRPC (HTTP/2 by ALPN) and gRPC-Web (HTTP/1.1) on the REST port
        Assert.Equal(orgId, (await new ManagementService.ManagementServiceClient(native).GetMyOrgAsync(new GetMyOrgRequest(), ApiFactory.Headers(token, orgId))).Org.Id);
        Assert.Equal(orgId, (await new ManagementService.ManagementServiceClient(web).GetMyOrgAsync(new GetMyOrgRequest(), ApiFactory.Headers(token, orgId))).Org.Id);
        await ConnectAsync(rest, userId, HttpVersion.Version11);
        await ConnectAsync(rest, userId, HttpVersion.Version20);

        // REST over HTTP/2 works as well
        using var http2 = new HttpRequestMessage(HttpMethod.Get, $"/v2/users/{userId}") { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        var answer = await rest.SendAsync(http2);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(HttpVersion.Version20, answer.Version);
    }

    private static async Task<(string OrgId, string UserId)> RestAsync(HttpClient rest)
    {
        var orgId = await Scenario.AddOrgAsync(rest);
        var userId = (await Scenario.ImportAsync(rest, orgId, "layout")).GetProperty("userId").GetString()!;
        return (orgId, userId);
    }

    private static async Task ConnectAsync(HttpClient client, string userId, Version version)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/zitadel.user.v2.UserService/GetUserByID")
        {
            Version = version,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new StringContent($"{{\"userId\":\"{userId}\"}}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Connect-Protocol-Version", "1");

        var response = await client.SendAsync(request);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode} over HTTP/{version}: {body}");
        Assert.Equal(version, response.Version);
        Assert.Equal(userId, JsonDocument.Parse(body).RootElement.GetProperty("user").GetProperty("userId").GetString());
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
