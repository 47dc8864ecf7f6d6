using System.Data.Common;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Identity.Api.Tests.Support;
using Microsoft.Data.Sqlite;
using Npgsql;
using Xunit.Abstractions;

namespace Identity.Api.Tests;

/// <summary>
/// The published ZITADEL npm clients (clients/node, pinned in its lock file) against the service as a real process.
/// <c>@zitadel/node</c> over gRPC: clients/node/management-smoke.mjs adds a human user and lists users with a PAT;
/// clients/node/service-account.mjs authenticates with a service-account key file through the client's own
/// interceptor (discovery, JWT profile, token endpoint) and adds a user with an initial password.
/// <c>@zitadel/client</c>: clients/node/session-connect.mjs signs in with v2 sessions over Connect, gRPC-Web and gRPC.
/// Without <c>clients/node/node_modules</c> (<c>npm ci</c> there) the tests are skipped with that reason,
/// unless <c>IDENTITY_TEST_REQUIRE_NPM=1</c> (as .ci/run sets after a good <c>npm ci</c>), where they fail.
/// </summary>
public sealed class NpmClientTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromSeconds(120);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "identity-npm", Guid.NewGuid().ToString("N"));
    private readonly string _database = "identity_npm_" + Guid.NewGuid().ToString("N")[..12];
    private bool _databaseCreated;
    private (string Provider, string ConnectionString) _connection;
    private string? _thumbprint;

    private static bool Required => Environment.GetEnvironmentVariable("IDENTITY_TEST_REQUIRE_NPM") == "1";

    private static string ClientDirectory { get; } = Path.Combine(RepositoryRoot(), "clients", "node");

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        if (_databaseCreated)
        {
            PostgresApiFactory.DropDatabase(_database);
        }

        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    /// <param name="provider">The database.</param>
    /// <param name="tls">gRPC over TLS (as ZITADEL is usually reached) instead of h2c, with a self-signed certificate
    /// that the client trusts through grpc-js's <c>GRPC_DEFAULT_SSL_ROOTS_FILE_PATH</c>.</param>
    [SkippableTheory]
    [InlineData("Sqlite", false)]
    [InlineData("Postgres", false)]
    [InlineData("Sqlite", true)]
    public async Task Zitadel_node_adds_a_human_user_in_another_org_and_lists_it_by_user_name_and_as_a_first_page_over_grpc(string provider, bool tls)
    {
        RequireClient();
        var script = new Dictionary<string, string>();
        if (tls)
        {
            script["GRPC_DEFAULT_SSL_ROOTS_FILE_PATH"] = CertificatePath;
        }

        var (service, token) = await StartServiceAsync(provider, tls ? Layout.GrpcTls : Layout.H2c);
        await using var serviceLifetime = service;
        using var rest = Rest(service, token);

        // an org that is not the caller's own (the script names it in x-zitadel-orgid), holding two users whose
        // creation order is not their order by user name
        var orgId = await Scenario.AddOrgAsync(rest);
        await Scenario.ImportAsync(rest, orgId, "zulu");
        await Scenario.ImportAsync(rest, orgId, "alpha");

        script["IDENTITY_GRPC_URL"] = $"{(tls ? "https" : "http")}://127.0.0.1:{service.GrpcPort}";
        script["IDENTITY_TOKEN"] = token;
        script["IDENTITY_ORG_ID"] = orgId;
        var (exitCode, stdout, stderr) = await RunScriptAsync("management-smoke.mjs", script);

        Assert.True(exitCode == 0, $"management-smoke.mjs exited with {exitCode}:\n{stderr}\n{stdout}\nservice log:\n{service.Output}");
        Assert.DoesNotContain(token, stdout + stderr, StringComparison.Ordinal);
        var summary = JsonDocument.Parse(stdout.Trim().Split('\n')[^1]).RootElement;
        var userId = summary.GetProperty("userId").GetString()!;
        var userName = summary.GetProperty("userName").GetString()!;
        Assert.StartsWith("npm-smoke-", userName, StringComparison.Ordinal);
        Assert.Equal(3, summary.GetProperty("totalResult").GetInt32());
        Assert.Equal("alpha", summary.GetProperty("firstUserName").GetString());

        // what the client added is what REST reads back, in the org it named
        using var read = new HttpRequestMessage(HttpMethod.Get, new Uri($"/management/v1/users/{userId}", UriKind.Relative));
        read.Headers.Add("x-zitadel-orgid", orgId);
        using var response = await rest.SendAsync(read);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        var user = JsonDocument.Parse(body).RootElement.GetProperty("user");
        Assert.Equal(userName, user.GetProperty("userName").GetString());
        Assert.Equal(orgId, user.GetProperty("details").GetProperty("resourceOwner").GetString());
        Assert.Equal("USER_STATE_INITIAL", user.GetProperty("state").GetString());
        Assert.Equal(summary.GetProperty("sequence").GetString(), user.GetProperty("details").GetProperty("sequence").GetString());
    }

    /// <summary>
    /// A service account as @zitadel/node authenticates one (clients/node/service-account.mjs): the key file
    /// AddMachineKey handed out, the client's own interceptor (discovery, JWT-profile assertion, token endpoint), then
    /// Management calls over gRPC with the token. What it did is read back over REST: the user in the service
    /// account's org, active, both changes made by the service account, and the password it set signs in.
    /// </summary>
    /// <param name="provider">The database.</param>
    /// <param name="onePort">One TLS port for everything, as ZITADEL: the issuer (the interceptor's audience) is then
    /// also the gRPC URL, as ZITADEL's clients are usually set up; otherwise the issuer is the REST endpoint and gRPC
    /// is h2c on its own port.</param>
    [SkippableTheory]
    [InlineData("Sqlite", false)]
    [InlineData("Postgres", false)]
    [InlineData("Sqlite", true)]
    public async Task Zitadel_node_service_account_key_file_buys_a_token_that_adds_a_user_and_sets_its_initial_password_over_grpc(string provider, bool onePort)
    {
        RequireClient();
        var (service, token) = await StartServiceAsync(provider, onePort ? Layout.OnePortTls : Layout.H2c);
        await using var serviceLifetime = service;
        using var admin = Rest(service, token);

        // a machine user that owns a new org (not the admin's), with a JSON key
        var orgId = await Scenario.AddOrgAsync(admin);
        admin.DefaultRequestHeaders.Add("x-zitadel-orgid", orgId);
        var machine = (await OkAsync(admin.PostAsJsonAsync("/management/v1/users/machine", new { userName = "svc-npm", name = "Node service" })))
            .GetProperty("userId").GetString()!;
        await OkAsync(admin.PostAsJsonAsync("/management/v1/orgs/me/members", new { userId = machine, roles = new[] { "ORG_OWNER" } }));
        var key = await OkAsync(admin.PostAsJsonAsync($"/management/v1/users/{machine}/keys", new { type = "KEY_TYPE_JSON" }));
        var keyId = key.GetProperty("keyId").GetString()!;
        var keyFile = Convert.FromBase64String(key.GetProperty("keyDetails").GetString()!);
        var privateKey = JsonDocument.Parse(keyFile).RootElement.GetProperty("key").GetString()!;

        // the key file is a secret: owner-only, in the test's directory, never printed
        var keyPath = Path.Combine(_directory, "service-account.json");
        var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using (var file = new FileStream(keyPath, create))
        {
            await file.WriteAsync(keyFile);
        }

        const string password = "Quiet-Harbor-Lamp-42!";
        var script = new Dictionary<string, string>
        {
            ["IDENTITY_ISSUER"] = $"http://127.0.0.1:{service.RestPort}",
            ["IDENTITY_GRPC_URL"] = $"http://127.0.0.1:{service.GrpcPort}",
            ["IDENTITY_KEY_FILE"] = keyPath,
            ["IDENTITY_INITIAL_PASSWORD"] = password,
        };
        if (onePort)
        {
            script["IDENTITY_ISSUER"] = script["IDENTITY_GRPC_URL"] = $"https://127.0.0.1:{service.RestPort}";
            TrustCertificate(script);
        }

        var (exitCode, stdout, stderr) = await RunScriptAsync("service-account.mjs", script);

        Assert.True(exitCode == 0, $"service-account.mjs exited with {exitCode}:\n{stderr}\n{stdout}\nservice log:\n{service.Output}");
        var privateKeyBody = privateKey.Split('\n')[1];
        foreach (var secret in new[] { privateKeyBody, password, token })
        {
            Assert.DoesNotContain(secret, stdout + stderr, StringComparison.Ordinal);
        }

        var summary = JsonDocument.Parse(stdout.Trim().Split('\n')[^1]).RootElement;
        Assert.Equal((machine, keyId, orgId), (summary.GetProperty("serviceAccountId").GetString(), summary.GetProperty("keyId").GetString(), summary.GetProperty("orgId").GetString()));
        var userId = summary.GetProperty("userId").GetString()!;
        var userName = summary.GetProperty("userName").GetString()!;
        Assert.StartsWith("sa-smoke-", userName, StringComparison.Ordinal);

        // the user is in the service account's org, active, at the sequence the script saw
        var user = (await OkAsync(admin.GetAsync(new Uri($"/management/v1/users/{userId}", UriKind.Relative)))).GetProperty("user");
        Assert.Equal((userName, orgId, "USER_STATE_ACTIVE"),
            (user.GetProperty("userName").GetString(), user.GetProperty("details").GetProperty("resourceOwner").GetString(), user.GetProperty("state").GetString()));
        Assert.Equal(summary.GetProperty("sequence").GetString(), user.GetProperty("details").GetProperty("sequence").GetString());

        // the token resolved to the service account: it is the editor of both changes
        var changes = (await OkAsync(admin.PostAsJsonAsync($"/management/v1/users/{userId}/changes/_search", new { query = new { asc = true } })))
            .GetProperty("result").EnumerateArray().ToList();
        Assert.Equal(["user.human.added", "user.human.password.changed"], changes.Select(c => c.GetProperty("eventType").GetProperty("key").GetString()));
        Assert.All(changes, c => Assert.Equal(machine, c.GetProperty("editorId").GetString()));

        // the password the script set is the user's: a v2 session with it as the password check
        var loginName = user.GetProperty("preferredLoginName").GetString()!;
        var session = await admin.PostAsJsonAsync("/v2/sessions", new { checks = new { user = new { loginName }, password = new { password } } });
        Assert.True(session.StatusCode == HttpStatusCode.Created, await session.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// ZITADEL's v2 SessionService through the published <c>@zitadel/client</c> (clients/node/session-connect.mjs) over the
    /// Connect protocol (JSON and binary, connect-node's transport), gRPC-Web (the package's web transport) and native
    /// gRPC (the package's server transport): a password session created, read with its token, a wrong password
    /// refused with its ErrorDetail id, the session deleted. Each session's events in the database are read back.
    /// </summary>
    /// <param name="provider">The database.</param>
    /// <param name="onePort">One TLS port for every transport (Connect then over HTTP/2), as ZITADEL; otherwise
    /// Connect and gRPC-Web over HTTP/1.1 on the REST port and gRPC h2c on its own.</param>
    [SkippableTheory]
    [InlineData("Sqlite", false)]
    [InlineData("Postgres", false)]
    [InlineData("Sqlite", true)]
    public async Task Zitadel_client_signs_in_with_a_password_session_over_connect_grpc_web_and_grpc(string provider, bool onePort)
    {
        RequireClient("client");
        var (service, token) = await StartServiceAsync(provider, onePort ? Layout.OnePortTls : Layout.H2c);
        await using var serviceLifetime = service;
        using var admin = Rest(service, token);

        const string password = "Quiet-Harbor-Lamp-42!";
        var orgId = await Scenario.AddOrgAsync(admin);
        var userId = (await Scenario.ImportAsync(admin, orgId, "conny", password)).GetProperty("userId").GetString()!;
        using var read = new HttpRequestMessage(HttpMethod.Get, new Uri($"/management/v1/users/{userId}", UriKind.Relative));
        read.Headers.Add("x-zitadel-orgid", orgId);
        var loginName = (await OkAsync(admin.SendAsync(read))).GetProperty("user").GetProperty("preferredLoginName").GetString()!;

        var script = new Dictionary<string, string>
        {
            ["IDENTITY_URL"] = $"http://127.0.0.1:{service.RestPort}",
            ["IDENTITY_GRPC_URL"] = $"http://127.0.0.1:{service.GrpcPort}",
            ["IDENTITY_TOKEN"] = token,
            ["IDENTITY_LOGIN_NAME"] = loginName,
            ["IDENTITY_PASSWORD"] = password,
        };
        if (onePort)
        {
            script["IDENTITY_URL"] = script["IDENTITY_GRPC_URL"] = $"https://127.0.0.1:{service.RestPort}";
            script["IDENTITY_CONNECT_HTTP_VERSION"] = "2";
            TrustCertificate(script);
        }

        var (exitCode, stdout, stderr) = await RunScriptAsync("session-connect.mjs", script);

        Assert.True(exitCode == 0, $"session-connect.mjs exited with {exitCode}:\n{stderr}\n{stdout}\nservice log:\n{service.Output}");
        Assert.DoesNotContain(token, stdout + stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(password, stdout + stderr, StringComparison.Ordinal);
        var summary = JsonDocument.Parse(stdout.Trim().Split('\n')[^1]).RootElement;
        Assert.Equal(userId, summary.GetProperty("userId").GetString());
        var sessions = summary.GetProperty("sessions").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
        Assert.Equal(["connect-json", "connect-proto", "grpc-web", "grpc"], sessions.Keys);
        Assert.Equal(4, sessions.Values.Distinct().Count());

        // each session is the module's: created by the admin, checked for the user (in its org), and terminated
        var admins = await OkAsync(admin.PostAsJsonAsync("/management/v1/users/_search",
            new { queries = new[] { new { userNameQuery = new { userName = "admin", method = "TEXT_QUERY_METHOD_EQUALS" } } } }));
        var adminId = Assert.Single(admins.GetProperty("result").EnumerateArray()).GetProperty("id").GetString();
        foreach (var (transport, sessionId) in sessions)
        {
            var events = await EventsAsync(sessionId);
            Assert.True(
                events.Select(e => e.Type).SequenceEqual(["session.added", "session.lifetime.set", "session.user.checked", "session.password.checked", "session.terminated"]),
                $"{transport}: {string.Join(", ", events.Select(e => e.Type))}");
            Assert.All(events, e => Assert.Equal(adminId, e.EditorId));
            Assert.Equal(orgId, events[2].ResourceOwner);
        }
    }

    /// <summary>How the service is reached: h2c gRPC on its own port; gRPC over TLS on its own port; or one TLS port
    /// serving REST, gRPC, gRPC-Web and Connect (HTTP/1.1 and HTTP/2 by ALPN), as ZITADEL is usually reached.</summary>
    private enum Layout
    {
        H2c,
        GrpcTls,
        OnePortTls,
    }

    /// <summary>The self-signed certificate of the TLS layouts (PEM), which the scripts trust as their only extra root.</summary>
    private string CertificatePath => Path.Combine(_directory, "service.crt");

    /// <summary>
    /// The service as a real process on SQLite or PostgreSQL (a database of its own) in the given layout, and the
    /// admin's PAT.
    /// </summary>
    private async Task<(ServiceProcess Service, string AdminToken)> StartServiceAsync(string provider, Layout layout = Layout.H2c)
    {
        var settings = new Dictionary<string, string>
        {
            ["Identity:Bootstrap:TokenFile"] = Path.Combine(_directory, "admin.pat"),
            ["Identity:Passwords:HashIterations"] = "1000",
        };
        if (layout != Layout.H2c)
        {
            var key = Path.Combine(_directory, "service.key");
            _thumbprint = await WriteSelfSignedAsync(CertificatePath, key);
            var endpoint = layout == Layout.GrpcTls ? "Kestrel:Endpoints:Grpc" : "Kestrel:Endpoints:Rest";
            settings[endpoint + ":Certificate:Path"] = CertificatePath;
            settings[endpoint + ":Certificate:KeyPath"] = key;
            if (layout == Layout.OnePortTls)
            {
                settings["Kestrel:Endpoints:Rest:Protocols"] = "Http1AndHttp2";
            }
        }

        if (provider == "Postgres")
        {
            Skip.If(PostgresApiFactory.UnavailableReason is not null, PostgresApiFactory.UnavailableReason);
            settings["Identity:Database:Provider"] = "Postgres";
            settings["Identity:Database:ConnectionString"] = await CreateDatabaseAsync();
        }
        else
        {
            settings["Identity:Database:ConnectionString"] = $"Data Source={Path.Combine(_directory, "identity.db")}";
        }

        _connection = (provider, settings["Identity:Database:ConnectionString"]);
        var service = ServiceProcess.Start(settings, https: layout == Layout.OnePortTls, grpcHttps: layout == Layout.GrpcTls);
        try
        {
            await service.WaitReadyAsync(TimeSpan.FromSeconds(90), layout == Layout.OnePortTls ? Trusting() : null);
            return (service, (await File.ReadAllTextAsync(Path.Combine(_directory, "admin.pat"))).Trim());
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }
    }

    /// <summary>The scripts trust the test's certificate: Node's own TLS (discovery, token request, Connect, gRPC-Web over
    /// fetch) through <c>NODE_EXTRA_CA_CERTS</c>, grpc-js through <c>GRPC_DEFAULT_SSL_ROOTS_FILE_PATH</c>.</summary>
    private void TrustCertificate(Dictionary<string, string> script)
    {
        script["NODE_EXTRA_CA_CERTS"] = CertificatePath;
        script["GRPC_DEFAULT_SSL_ROOTS_FILE_PATH"] = CertificatePath;
    }

    /// <summary>A REST client of the service with the admin's PAT (trusting the test's certificate, over TLS).</summary>
    private HttpClient Rest(ServiceProcess service, string token)
    {
        var client = new HttpClient(service.RestAddress.Scheme == "https" ? Trusting() : new HttpClientHandler()) { BaseAddress = service.RestAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private HttpClientHandler Trusting()
    {
        var thumbprint = _thumbprint;
        return new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate?.Thumbprint == thumbprint };
    }

    /// <summary>Skips without the installed client package (@zitadel/node, or @zitadel/client), or fails when the environment requires it.</summary>
    private static void RequireClient(string package = "node")
    {
        var installed = Path.Combine(ClientDirectory, "node_modules", "@zitadel", package, "package.json");
        var missing = $"{installed} is missing (run `npm ci` in clients/node; .ci/run does)";
        Skip.If(!File.Exists(installed) && !Required, "npm client tests skipped: " + missing);
        Assert.True(File.Exists(installed), "IDENTITY_TEST_REQUIRE_NPM=1 but " + missing);
    }

    private async Task<(int ExitCode, string Stdout, string Stderr)> RunScriptAsync(string name, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = ClientDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(name);
        foreach (var inherited in start.Environment.Keys.Where(k => k.StartsWith("IDENTITY_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(inherited);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Assert.Fail($"cannot start node (Node.js is needed for clients/node): {e.Message}");
        }

        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(ScriptTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{name} did not finish within {ScriptTimeout.TotalSeconds} s: {await stderr}");
        }

        var (outText, errText) = (await stdout, await stderr);
        output.WriteLine($"node {name} exited with {process.ExitCode}\n{outText}{errText}");
        return (process.ExitCode, outText, errText);
    }

    /// <summary>A certificate for 127.0.0.1 (PEM), which the service serves and the client trusts as its only root.</summary>
    private static async Task<string> WriteSelfSignedAsync(string certificatePath, string keyPath)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        await File.WriteAllTextAsync(certificatePath, certificate.ExportCertificatePem());
        await File.WriteAllTextAsync(keyPath, key.ExportPkcs8PrivateKeyPem());
        return certificate.Thumbprint;
    }

    private static async Task<JsonElement> OkAsync(Task<HttpResponseMessage> call)
    {
        using var response = await call;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {response.RequestMessage?.RequestUri}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>An aggregate's events in the service's database, by sequence.</summary>
    private async Task<List<(string Type, string EditorId, string ResourceOwner)>> EventsAsync(string aggregateId)
    {
        await using DbConnection connection = _connection.Provider == "Postgres"
            ? new NpgsqlConnection(_connection.ConnectionString)
            : new SqliteConnection(_connection.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT \"EventType\", \"EditorId\", \"ResourceOwner\" FROM events WHERE \"AggregateId\" = @id ORDER BY \"Sequence\"";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "id";
        parameter.Value = aggregateId;
        command.Parameters.Add(parameter);
        var events = new List<(string, string, string)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            events.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }

        return events;
    }

    private async Task<string> CreateDatabaseAsync()
    {
        await using var connection = new NpgsqlConnection(PostgresApiFactory.AdminConnectionString);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{_database}\"", connection);
        await create.ExecuteNonQueryAsync();
        _databaseCreated = true;
        return new NpgsqlConnectionStringBuilder(PostgresApiFactory.AdminConnectionString) { Database = _database, Timeout = 3 }.ConnectionString;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Identity.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Identity.sln not found above " + AppContext.BaseDirectory);
    }
}
