using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using Identity.Api.Tests.Support;
using Identity.Infrastructure.Persistence;
using Identity.Infrastructure.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zitadel.Session.V2;
using Zitadel.User.V2;
using V1 = Zitadel.Management.V1;

namespace Identity.Api.Tests;

/// <summary>The settings of a host that sends reset emails through the loopback SMTP server, with short outbox retries.</summary>
public static class SmtpHost
{
    public const string Template = "https://login.example.test/reset?user={{.UserID}}&org={{.OrgID}}&code={{.Code}}";

    public static void Configure(Dictionary<string, string?> settings, int smtpPort)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings["Identity:Smtp:Host"] = "127.0.0.1";
        settings["Identity:Smtp:Port"] = smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Identity:Smtp:TlsMode"] = "None";
        settings["Identity:Smtp:From"] = "Identity <no-reply@identity.test>";
        settings["Identity:Smtp:Timeout"] = "00:00:05";
        settings["Identity:Notifications:PasswordResetUrl"] = Template;
        settings["Identity:Outbox:RetryInitialDelay"] = "00:00:00.100";
        settings["Identity:Outbox:RetryMaxDelay"] = "00:00:00.500";
    }
}

/// <summary>
/// The SQLite host sending through the loopback SMTP server, every log line captured. With <c>databaseFile</c> it
/// uses that database (a second host on the database of a first one, which is then <c>token</c>'s).
/// </summary>
public sealed class SmtpApiFactory : ApiFactory
{
    private readonly string? _token;

    public SmtpApiFactory(int smtpPort, string? databaseFile = null, string? token = null)
    {
        SmtpHost.Configure(Settings, smtpPort);
        if (databaseFile is not null)
        {
            Settings["Identity:Database:ConnectionString"] = $"Data Source={databaseFile}";
        }

        _token = token;
    }

    public CapturingLoggerProvider Logs { get; } = new();

    public override string Start()
    {
        if (_token is null)
        {
            return base.Start();
        }

        _ = Services;
        return _token;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        ConflictLogging.Capture(builder, Logs);
    }
}

/// <summary>The PostgreSQL host sending through the loopback SMTP server, every log line captured.</summary>
public sealed class PostgresSmtpApiFactory : PostgresApiFactory
{
    public PostgresSmtpApiFactory(int smtpPort) => SmtpHost.Configure(Settings, smtpPort);

    public CapturingLoggerProvider Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        ConflictLogging.Capture(builder, Logs);
    }
}

public sealed class SqlitePasswordResetEmailTests : PasswordResetEmailTests
{
    protected override (ApiFactory Factory, CapturingLoggerProvider Logs) CreateHost(int smtpPort)
    {
        var factory = new SmtpApiFactory(smtpPort);
        return (factory, factory.Logs);
    }

    /// <summary>
    /// A request whose delivery has not happened when the host stops (the SMTP server is down) is delivered by the
    /// next host on the same database once the server is up, exactly once.
    /// </summary>
    [SkippableFact]
    public async Task A_request_pending_at_a_restart_is_delivered_once_by_the_next_host()
    {
        var port = LoopbackSmtpServer.FreePort();
        var directory = Path.Combine(Path.GetTempPath(), "identity-email-restart-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var database = Path.Combine(directory, "identity.db");
        try
        {
            string token, userId, email, loginName;
            using (var first = new SmtpApiFactory(port, database))
            {
                token = first.Start();
                var admin = first.Rest(token);
                var orgId = await Scenario.AddOrgAsync(admin);
                (userId, email, loginName) = await HumanAsync(first, admin, orgId);
                await OkAsync(await admin.PostAsJsonAsync($"/v2/users/{userId}/password_reset", new { sendLink = new { } }));
                await WaitForFailedAttemptAsync(first.Logs);
            }

            await using var smtp = LoopbackSmtpServer.OnPort(port);
            using var second = new SmtpApiFactory(port, database, token);
            second.Start();
            await smtp.InitializeAsync();
            Skip.If(smtp.UnavailableReason is not null, smtp.UnavailableReason);

            var message = (await WaitForMailAsync(smtp, 1))[0];
            Assert.Equal([email], message.RcptTos);
            await Task.Delay(TimeSpan.FromSeconds(2));
            Assert.Single(smtp.Received());

            var (_, _, code) = LinkIn(message);
            await OkAsync(await second.Rest(token).PostAsJsonAsync($"/v2/users/{userId}/password", new { newPassword = new { password = Changed }, verificationCode = code }));
            Assert.Equal(HttpStatusCode.Created, (await SignInAsync(second.Rest(token), loginName, Changed)).StatusCode);
        }
        finally
        {
            using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database}"))
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearPool(connection);
            }

            System.IO.Directory.Delete(directory, recursive: true);
        }
    }
}

public sealed class PostgresPasswordResetEmailTests : PasswordResetEmailTests
{
    protected override (ApiFactory Factory, CapturingLoggerProvider Logs) CreateHost(int smtpPort)
    {
        Skip.If(PostgresApiFactory.UnavailableReason is not null, PostgresApiFactory.UnavailableReason);
        var factory = new PostgresSmtpApiFactory(smtpPort);
        return (factory, factory.Logs);
    }
}

/// <summary>
/// Reset emails through the real host and a real SMTP server on loopback (Debian's python3-aiosmtpd): v2 send_link
/// on REST and gRPC (the configured link or the request's url_template) and v1 SendHumanResetPasswordNotification;
/// the message reaches the user's address, its link's code sets the password with v2 SetPassword and the new
/// password signs in; a newer email voids the older code; delivery waits out an SMTP outage; the code is in no
/// outbox row, event or log line.
/// </summary>
public abstract class PasswordResetEmailTests
{
    protected const string Initial = "Correct-Horse-7-Battery";
    protected const string Changed = "Sunny-Meadow-42!";
    private const string Other = "Quiet-River-93?";

    protected abstract (ApiFactory Factory, CapturingLoggerProvider Logs) CreateHost(int smtpPort);

    [SkippableFact]
    public async Task Rest_and_grpc_requests_email_a_link_whose_code_sets_the_password_and_signs_in()
    {
        await using var smtp = new LoopbackSmtpServer();
        await smtp.InitializeAsync();
        Skip.If(smtp.UnavailableReason is not null, smtp.UnavailableReason);
        var (factory, logs) = CreateHost(smtp.Port);
        using var _ = factory;
        var token = factory.Start();
        var admin = factory.Rest(token);
        var orgId = await Scenario.AddOrgAsync(admin);
        var (userId, email, loginName) = await HumanAsync(factory, admin, orgId);

        // REST v2 send_link with the configured link: details as usual, no code in the answer
        var body = await OkAsync(await admin.PostAsJsonAsync($"/v2/users/{userId}/password_reset", new { sendLink = new { notificationType = "NOTIFICATION_TYPE_Email" } }));
        Assert.Equal(["details"], body.EnumerateObject().Select(p => p.Name));
        Assert.Equal(orgId, body.GetProperty("details").GetProperty("resourceOwner").GetString());
        var first = (await WaitForMailAsync(smtp, 1))[0];
        Assert.Equal([email], first.RcptTos);
        Assert.Equal(email, first.To);
        Assert.Equal("no-reply@identity.test", first.MailFrom);
        Assert.Equal("Reset your password", first.Subject);
        Assert.Equal("text/plain", first.ContentType);
        Assert.Contains("expires at", first.Body, StringComparison.Ordinal);
        var (linkUser, linkOrg, code1) = LinkIn(first);
        Assert.Equal((userId, orgId), (linkUser, linkOrg));
        Assert.Matches("^[A-HJ-NP-Z2-9]{12}$", code1);

        await OkAsync(await admin.PostAsJsonAsync($"/v2/users/{userId}/password", new { newPassword = new { password = Changed }, verificationCode = code1 }));
        Assert.Equal(HttpStatusCode.Created, (await SignInAsync(admin, loginName, Changed)).StatusCode);

        // gRPC v1 TYPE_EMAIL, then gRPC v2 send_link with the request's own template: the newer email voids the older code
        var headers = ApiFactory.Headers(token, orgId);
        await factory.Grpc().SendHumanResetPasswordNotificationAsync(
            new V1.SendHumanResetPasswordNotificationRequest { UserId = userId, Type = V1.SendHumanResetPasswordNotificationRequest.Types.Type.Email }, headers);
        var (_, _, code2) = LinkIn((await WaitForMailAsync(smtp, 2))[1]);
        var custom = "https://app.example.test/r/{{.Code}}?u={{.UserID}}";
        await factory.UsersV2().PasswordResetAsync(new PasswordResetRequest
        {
            UserId = userId,
            SendLink = new SendPasswordResetLink { NotificationType = NotificationType.Email, UrlTemplate = custom },
        }, headers);
        var third = (await WaitForMailAsync(smtp, 3))[2];
        Assert.Equal([email], third.RcptTos);
        var link3 = Assert.Single(third.Body!.Split('\n').Select(l => l.Trim()), l => l.StartsWith("https://app.example.test/r/", StringComparison.Ordinal));
        var code3 = new Uri(link3).Segments[^1];
        Assert.Equal(userId, QueryHelpers.ParseQuery(new Uri(link3).Query)["u"].ToString());

        var users = factory.UsersV2();
        var voided = await Assert.ThrowsAsync<RpcException>(() => users.SetPasswordAsync(
            new SetPasswordRequest { UserId = userId, NewPassword = new Password { Password_ = Other }, VerificationCode = code2 }, headers).ResponseAsync);
        ContractAssert.GrpcError(voided, StatusCode.InvalidArgument, "USER-ResetCodeInvalid");
        await users.SetPasswordAsync(new SetPasswordRequest { UserId = userId, NewPassword = new Password { Password_ = Other }, VerificationCode = code3 }, headers);
        var session = await factory.Sessions().CreateSessionAsync(
            new CreateSessionRequest { Checks = new Checks { User = new CheckUser { LoginName = loginName }, Password = new CheckPassword { Password = Other } } }, ApiFactory.Headers(token));
        Assert.False(string.IsNullOrEmpty(session.SessionToken));

        // the audit: each email request, then the code the sender issued for it as system:notifications
        var events = await EventsAsync(factory, userId);
        Assert.Equal(3, events.Count(e => e.Type == "user.human.password.reset.email.requested"));
        Assert.Equal(3, events.Count(e => e.Type == "user.human.password.code.added" && e.Editor == "system:notifications"));
        await AssertNoSecretAsync(factory, logs, userId, code1, code2, code3);
    }

    [SkippableFact]
    public async Task An_email_requested_while_the_smtp_server_is_down_arrives_once_it_is_up()
    {
        var port = LoopbackSmtpServer.FreePort();
        var (factory, logs) = CreateHost(port);
        using var _ = factory;
        var token = factory.Start();
        var admin = factory.Rest(token);
        var orgId = await Scenario.AddOrgAsync(admin);
        var (userId, email, loginName) = await HumanAsync(factory, admin, orgId);

        await OkAsync(await factory.Rest(token, orgId).PostAsJsonAsync($"/management/v1/users/{userId}/password/_reset", new { type = "TYPE_EMAIL" }));
        await WaitForFailedAttemptAsync(logs);

        await using var smtp = LoopbackSmtpServer.OnPort(port);
        await smtp.InitializeAsync();
        Skip.If(smtp.UnavailableReason is not null, smtp.UnavailableReason);
        var message = (await WaitForMailAsync(smtp, 1))[0];
        Assert.Equal([email], message.RcptTos);
        var (_, _, code) = LinkIn(message);

        // every attempt during the outage sent the one code it issued first: one code, one event
        await using (var scope = factory.ModuleServices.CreateAsyncScope())
        {
            var issued = await scope.ServiceProvider.GetRequiredService<IdentityDbContext>().Events
                .CountAsync(e => e.AggregateId == userId && e.EventType == "user.human.password.code.added");
            Assert.Equal(1, issued);
        }

        // the code of the email that arrived works
        await OkAsync(await admin.PostAsJsonAsync($"/v2/users/{userId}/password", new { newPassword = new { password = Changed }, verificationCode = code }));
        Assert.Equal(HttpStatusCode.Created, (await SignInAsync(admin, loginName, Changed)).StatusCode);
        Assert.Single(smtp.Received());
        await AssertNoSecretAsync(factory, logs, userId, code);
    }

    /// <summary>A human with a password and an address of its own; its login name.</summary>
    protected static async Task<(string UserId, string Email, string LoginName)> HumanAsync(ApiFactory factory, HttpClient admin, string orgId)
    {
        var name = "mail-" + Guid.NewGuid().ToString("N")[..8];
        var email = name + "@example.test";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/management/v1/users/human/_import")
        {
            Content = JsonContent.Create(new
            {
                userName = name,
                profile = new { firstName = "Mail", lastName = "Reader" },
                email = new { email, isEmailVerified = true },
                password = Initial,
            }),
        };
        request.Headers.Add("x-zitadel-orgid", orgId);
        var userId = (await OkAsync(await admin.SendAsync(request))).GetProperty("userId").GetString()!;
        var user = await OkAsync(await factory.Rest(factory.Start(), orgId).GetAsync(new Uri($"/management/v1/users/{userId}", UriKind.Relative)));
        return (userId, email, user.GetProperty("user").GetProperty("preferredLoginName").GetString()!);
    }

    /// <summary>Waits until the outbox has retried the notification sender at least once (the server refused the connection).</summary>
    protected static async Task WaitForFailedAttemptAsync(CapturingLoggerProvider logs)
    {
        var waited = Stopwatch.StartNew();
        while (!logs.Lines.Any(l => l.Contains("identity.notifications.email", StringComparison.Ordinal) && l.Contains("TransientEmailException", StringComparison.Ordinal)))
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), "the notification sender never failed a delivery");
            await Task.Delay(50);
        }
    }

    protected static async Task<IReadOnlyList<ReceivedEmail>> WaitForMailAsync(LoopbackSmtpServer smtp, int count)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var received = smtp.Received();
            if (received.Count >= count)
            {
                return received;
            }

            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), $"{received.Count} of {count} emails arrived");
            await Task.Delay(50);
        }
    }

    /// <summary>The configured link's values in the body of <paramref name="message"/>.</summary>
    protected static (string UserId, string OrgId, string Code) LinkIn(ReceivedEmail message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var link = Assert.Single(message.Body!.Split('\n').Select(l => l.Trim()), l => l.StartsWith("https://login.example.test/reset?", StringComparison.Ordinal));
        var query = QueryHelpers.ParseQuery(new Uri(link).Query);
        return (query["user"].ToString(), query["org"].ToString(), query["code"].ToString());
    }

    protected static Task<HttpResponseMessage> SignInAsync(HttpClient client, string loginName, string password) =>
        client.PostAsJsonAsync("/v2/sessions", new { checks = new { user = new { loginName }, password = new { password } } });

    protected static async Task<JsonElement> OkAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task<List<(string Type, string Editor, string Payload)>> EventsAsync(ApiFactory factory, string userId)
    {
        await using var scope = factory.ModuleServices.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        var events = await db.Events.AsNoTracking().Where(e => e.AggregateId == userId).OrderBy(e => e.Sequence).Select(e => new { e.EventType, e.EditorId, e.Payload }).ToListAsync();
        return [.. events.Select(e => (e.EventType, e.EditorId, e.Payload))];
    }

    /// <summary>No code in the events, the outbox rows (every payload, not only this user's) or any captured log line.</summary>
    private static async Task AssertNoSecretAsync(ApiFactory factory, CapturingLoggerProvider logs, string userId, params string[] codes)
    {
        await using var scope = factory.ModuleServices.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        var texts = await db.Events.AsNoTracking().Select(e => e.Payload).ToListAsync();
        var outbox = await db.OutboxMessages.AsNoTracking().Select(m => new { m.EventType, m.AggregateId, m.Payload }).ToListAsync();
        Assert.Contains(outbox, m => m.EventType == "PasswordResetEmailRequested" && m.AggregateId == userId);
        texts.AddRange(outbox.Select(m => m.Payload));
        var lines = logs.Lines.ToList();
        Assert.Contains(lines, l => l.Contains("Password reset email for user " + userId, StringComparison.Ordinal));
        foreach (var code in codes)
        {
            Assert.DoesNotContain(texts, t => t.Contains(code, StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(lines, l => l.Contains(code, StringComparison.Ordinal));
        }
    }
}
