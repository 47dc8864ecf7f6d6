using System.Net;
using System.Net.Http.Json;
using Grpc.Core;
using Identity.Api.Composition;
using Identity.Api.Tests.Support;
using Identity.Application.Abstractions;
using Identity.Application.Events;
using Identity.Application.Notifications;
using Identity.Infrastructure.Notifications;
using Identity.Infrastructure.Persistence;
using Identity.Infrastructure.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Zitadel.User.V2;
using V1 = Zitadel.Management.V1;

namespace Identity.Api.Tests;

/// <summary>
/// The refusals of a reset by email (no SMTP server, no link template, a bad url_template) on REST and gRPC, the
/// settings checked at start, the order commit-then-send, and a permanent SMTP refusal that blocks nothing.
/// </summary>
public sealed class PasswordResetEmailRulesTests
{
    [Fact]
    public async Task Without_an_smtp_server_email_answers_email_unavailable_naming_the_setting_on_rest_and_grpc()
    {
        using var factory = new ApiFactory();
        factory.Settings["Identity:Notifications:PasswordResetUrl"] = SmtpHost.Template;
        var (admin, orgId, userId) = await UserAsync(factory);

        var rest = await admin.PostAsJsonAsync($"/v2/users/{userId}/password_reset", new { sendLink = new { } });
        await ContractAssert.RestErrorAsync(rest, HttpStatusCode.BadRequest, StatusCode.FailedPrecondition, "NOTIFY-EmailUnavailable");
        var grpc = await Assert.ThrowsAsync<RpcException>(() => factory.Grpc().SendHumanResetPasswordNotificationAsync(
            new V1.SendHumanResetPasswordNotificationRequest { UserId = userId }, ApiFactory.Headers(factory.AdminToken, orgId)).ResponseAsync);
        ContractAssert.GrpcError(grpc, StatusCode.FailedPrecondition, "NOTIFY-EmailUnavailable");
        Assert.Contains("Identity:Smtp:Host", grpc.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(0, await RequestsAsync(factory, userId));
    }

    [Fact]
    public async Task Without_a_link_template_email_answers_its_own_id_and_a_bad_url_template_is_invalid_on_rest_and_grpc()
    {
        using var factory = new ApiFactory();
        SmtpHost.Configure(factory.Settings, LoopbackSmtpServer.FreePort());
        factory.Settings.Remove("Identity:Notifications:PasswordResetUrl");
        var (admin, orgId, userId) = await UserAsync(factory);
        var headers = ApiFactory.Headers(factory.AdminToken, orgId);

        await ContractAssert.RestErrorAsync(
            await factory.Rest(factory.AdminToken, orgId).PostAsJsonAsync($"/management/v1/users/{userId}/password/_reset", new { type = "TYPE_EMAIL" }),
            HttpStatusCode.BadRequest, StatusCode.FailedPrecondition, "NOTIFY-ResetLinkUnconfigured");
        var grpc = await Assert.ThrowsAsync<RpcException>(() => factory.UsersV2().PasswordResetAsync(
            new PasswordResetRequest { UserId = userId, SendLink = new SendPasswordResetLink() }, headers).ResponseAsync);
        ContractAssert.GrpcError(grpc, StatusCode.FailedPrecondition, "NOTIFY-ResetLinkUnconfigured");

        foreach (var bad in new[] { "https://x.test/reset", "https://x.test/{{.Code}}/{{.Password}}", "ftp://x.test/{{.Code}}", "https://x.test/" + new string('a', 200) + "{{.Code}}" })
        {
            var rest = await ContractAssert.RestErrorAsync(
                await admin.PostAsJsonAsync($"/v2/users/{userId}/password_reset", new { sendLink = new { urlTemplate = bad } }),
                HttpStatusCode.BadRequest, StatusCode.InvalidArgument, "VALIDATION-InvalidArgument");
            Assert.Contains("NOTIFY-UrlTemplateInvalid", rest);
            var invalid = await Assert.ThrowsAsync<RpcException>(() => factory.UsersV2().PasswordResetAsync(
                new PasswordResetRequest { UserId = userId, SendLink = new SendPasswordResetLink { UrlTemplate = bad } }, headers).ResponseAsync);
            ContractAssert.GrpcError(invalid, StatusCode.InvalidArgument, "VALIDATION-InvalidArgument");
            Assert.Contains("NOTIFY-UrlTemplateInvalid", invalid.Status.Detail, StringComparison.Ordinal);
        }

        Assert.Equal(0, await RequestsAsync(factory, userId));

        // the request's own template is enough (delivery fails later: nobody listens on that port)
        var ok = await admin.PostAsJsonAsync($"/v2/users/{userId}/password_reset", new { sendLink = new { urlTemplate = "https://x.test/r?c={{.Code}}" } });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(1, await RequestsAsync(factory, userId));
    }

    [Theory]
    [InlineData("Identity:Notifications:PasswordResetUrl", "https://x.test/reset")]
    [InlineData("Identity:Notifications:PasswordResetUrl", "/reset?code={{.Code}}")]
    [InlineData("Identity:Notifications:PasswordResetUrl", "https://x.test/?c={{.Code}}&s={{.Secret}}")]
    [InlineData("Identity:Outbox:RetryInitialDelay", "00:00:00")]
    [InlineData("Identity:Outbox:RetryMaxDelay", "00:00:00.050")]
    [InlineData("Identity:Outbox:RetryMaxDelay", "02:00:00")]
    public void A_bad_value_stops_start_up_naming_its_key(string key, string value)
    {
        var ex = Assert.Throws<InvalidOperationException>(() => IdentityOptions.Load(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build()));

        Assert.Contains(key, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_outbox_retry_defaults_are_unchanged_and_configurable()
    {
        var defaults = IdentityOptions.Load(new ConfigurationBuilder().Build()).ToInfrastructureSettings().Outbox;
        Assert.Equal(new Identity.Infrastructure.OutboxSettings(), defaults);
        Assert.Equal((TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5)), (defaults.RetryInitialDelay, defaults.RetryMaxDelay));

        var options = IdentityOptions.Load(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Identity:Outbox:RetryInitialDelay"] = "00:00:01",
            ["Identity:Outbox:RetryMaxDelay"] = "00:10:00",
            ["Identity:Notifications:PasswordResetUrl"] = SmtpHost.Template,
        }).Build());
        Assert.Equal((TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10)), (options.ToInfrastructureSettings().Outbox.RetryInitialDelay, options.ToInfrastructureSettings().Outbox.RetryMaxDelay));
        Assert.Equal(SmtpHost.Template, options.Notifications.ToSettings().PasswordResetUrl);
    }

    /// <summary>When the sender is called, the hash of the code in the message is already committed: the link works as soon as it can arrive.</summary>
    [Fact]
    public async Task The_code_hash_is_committed_before_the_email_is_handed_to_the_sender()
    {
        using var factory = new ApiFactory();
        factory.Settings["Identity:Notifications:PasswordResetUrl"] = SmtpHost.Template;
        var (_, orgId, userId) = await UserAsync(factory);
        var sender = new CheckingSender(factory, userId);
        var notifier = new PasswordResetEmailNotifier(
            factory.ModuleServices.GetRequiredService<IIntegrationEventSubscriptions>(),
            factory.ModuleServices.GetRequiredService<IServiceScopeFactory>(),
            sender,
            new NotificationSettings(SmtpHost.Template),
            NullLogger<PasswordResetEmailNotifier>.Instance);

        await notifier.HandleAsync(new PasswordResetEmailRequested(userId, orgId, 5, DateTimeOffset.UtcNow, "1", null), default);

        Assert.Equal(1, sender.Calls);
        Assert.True(sender.HashWasStored);
        Assert.Contains("user=" + userId, sender.Body, StringComparison.Ordinal);

        // a request older than the user's latest password is superseded: nothing is issued or sent
        await notifier.HandleAsync(new PasswordResetEmailRequested(userId, orgId, 6, DateTimeOffset.UtcNow.AddDays(-1), "1", null), default);
        Assert.Equal(1, sender.Calls);
    }

    [SkippableFact]
    public async Task A_permanent_refusal_is_not_retried_and_blocks_no_later_email()
    {
        await using var smtp = new LoopbackSmtpServer();
        await smtp.InitializeAsync();
        Skip.If(smtp.UnavailableReason is not null, smtp.UnavailableReason);
        using var factory = new SmtpApiFactory(smtp.Port);
        var (admin, _, refusedId) = await UserAsync(factory, "refused@example.test");
        var (_, _, acceptedId) = await UserAsync(factory, "accepted@example.test");

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/v2/users/{refusedId}/password_reset", new { sendLink = new { } })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/v2/users/{acceptedId}/password_reset", new { sendLink = new { } })).StatusCode);

        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (smtp.Received().Count == 0)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), "the later email never arrived");
            await Task.Delay(50);
        }

        Assert.Equal(["accepted@example.test"], Assert.Single(smtp.Received()).RcptTos);
        var lines = factory.Logs.Lines.ToList();
        Assert.Single(lines, l => l.Contains($"user {refusedId}", StringComparison.Ordinal) && l.Contains("refused for good", StringComparison.Ordinal) && l.Contains("PermanentEmailException", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("identity.notifications.email", StringComparison.Ordinal) && l.Contains("failed with", StringComparison.Ordinal));
    }

    private static async Task<(HttpClient Admin, string OrgId, string UserId)> UserAsync(ApiFactory factory, string? email = null)
    {
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);
        var name = "rules-" + Guid.NewGuid().ToString("N")[..8];
        using var request = new HttpRequestMessage(HttpMethod.Post, "/management/v1/users/human/_import")
        {
            Content = JsonContent.Create(new
            {
                userName = name,
                profile = new { firstName = "A", lastName = "B" },
                email = new { email = email ?? name + "@example.test", isEmailVerified = true },
                password = "Correct-Horse-7-Battery",
            }),
        };
        request.Headers.Add("x-zitadel-orgid", orgId);
        var response = await admin.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return (admin, orgId, System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("userId").GetString()!);
    }

    private static async Task<int> RequestsAsync(ApiFactory factory, string userId)
    {
        await using var scope = factory.ModuleServices.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        return await db.Events.AsNoTracking().CountAsync(e => e.AggregateId == userId && e.EventType == "user.human.password.reset.email.requested");
    }

    /// <summary>An email sender that, when called, reads the database: is the hash of the message's code stored?</summary>
    private sealed class CheckingSender(ApiFactory factory, string userId) : IEmailSender
    {
        public bool IsConfigured => true;

        public int Calls { get; private set; }

        public bool HashWasStored { get; private set; }

        public string Body { get; private set; } = string.Empty;

        public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken)
        {
            Calls++;
            Body = message.TextBody;
            var link = message.TextBody.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("https://login.example.test/", StringComparison.Ordinal));
            var code = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(link).Query)["code"].ToString();
            await using var scope = factory.ModuleServices.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
            var stored = await db.Users.AsNoTracking().Where(u => u.Id == new Identity.Domain.Common.UserId(userId)).Select(u => u.PasswordCodeHash).SingleAsync(cancellationToken);
            HashWasStored = stored == scope.ServiceProvider.GetRequiredService<IPasswordResetCodes>().HashOf(code);
        }
    }
}
