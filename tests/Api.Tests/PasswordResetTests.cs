using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using Identity.Api.Tests.Support;
using Identity.Domain.Access;
using Identity.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zitadel.User.V2;
using V1 = Zitadel.Management.V1;

namespace Identity.Api.Tests;

/// <summary>
/// Password reset codes through the real host on REST and gRPC: v2 PasswordReset with return_code, v2 SetPassword with
/// verification_code (single use, wrong codes counted and the fifth voids, expiry, voided by another new password),
/// refusals of email and SMS (no sender exists), the target rule, and no code in the database, events or outbox.
/// </summary>
public sealed class SqlitePasswordResetTests(ApiFactory factory) : PasswordResetTests<ApiFactory>(factory);

public sealed class PostgresPasswordResetTests(PostgresApiFactory factory) : PasswordResetTests<PostgresApiFactory>(factory);

public abstract class PasswordResetTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    private const string Initial = "Correct-Horse-7-Battery";
    private const string Changed = "Sunny-Meadow-42!";

    [SkippableFact]
    public async Task Rest_return_code_resets_the_password_once_and_sign_in_works_with_the_new_one()
    {
        var (admin, orgId, userId, loginName) = await UserWithInitialPasswordAsync();

        var response = await admin.PostAsJsonAsync($"/v2/users/{userId}/password_reset", new { returnCode = new { } });
        var body = await BodyAsync(response, HttpStatusCode.OK);
        Assert.Equal(["details", "verificationCode"], body.EnumerateObject().Select(p => p.Name));
        Assert.Equal(orgId, body.GetProperty("details").GetProperty("resourceOwner").GetString());
        var code = body.GetProperty("verificationCode").GetString()!;
        Assert.Matches("^[A-HJ-NP-Z2-9]{12}$", code);

        var set = await admin.PostAsJsonAsync($"/v2/users/{userId}/password", new { newPassword = new { password = Changed }, verificationCode = code });
        await BodyAsync(set, HttpStatusCode.OK);

        // the new password signs in without a forced change, the old one does not
        var signedIn = await BodyAsync(await SignInAsync(admin, loginName, Changed), HttpStatusCode.Created);
        Assert.False(signedIn.TryGetProperty("passwordChangeRequired", out _));
        await ContractAssert.RestErrorAsync(await SignInAsync(admin, loginName, Initial), HttpStatusCode.BadRequest, StatusCode.InvalidArgument, "COMMAND-3M0fs");

        // single use
        await ContractAssert.RestErrorAsync(
            await admin.PostAsJsonAsync($"/v2/users/{userId}/password", new { newPassword = new { password = Initial }, verificationCode = code }),
            HttpStatusCode.BadRequest, StatusCode.InvalidArgument, "USER-ResetCodeInvalid");

        // the audit: code added, password changed by the code, the reuse refused (reason noCode); no code anywhere
        var events = await EventsAsync(userId);
        Assert.Equal(
            ["user.human.password.code.added", "user.human.password.changed", "user.human.password.code.failed"],
            events.Where(e => e.Type.Contains("password", StringComparison.Ordinal)).Skip(1).Select(e => e.Type));
        Assert.Contains(events, e => e.Type == "user.human.password.changed" && e.Payload.Contains("\"resetCode\"", StringComparison.Ordinal));
        Assert.Contains(events, e => e.Type == "user.human.password.code.failed" && e.Payload.Contains("\"noCode\"", StringComparison.Ordinal));
        await AssertNoSecretStoredAsync(userId, code, Changed, Initial);
    }

    [SkippableFact]
    public async Task Grpc_wrong_codes_are_counted_in_the_database_and_the_fifth_voids_the_code()
    {
        var (_, _, userId, loginName) = await UserWithInitialPasswordAsync();
        var client = factory.UsersV2();
        var headers = ApiFactory.Headers(factory.AdminToken);
        var issued = await client.PasswordResetAsync(new PasswordResetRequest { UserId = userId, ReturnCode = new ReturnPasswordResetCode() }, headers);
        Assert.True(issued.HasVerificationCode);
        var code = issued.VerificationCode;
        var wrong = code == "AAAAAA" ? "BBBBBB" : "AAAAAA";

        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var error = await Assert.ThrowsAsync<RpcException>(() => client.SetPasswordAsync(
                new SetPasswordRequest { UserId = userId, NewPassword = new Password { Password_ = Changed }, VerificationCode = wrong }, headers).ResponseAsync);
            ContractAssert.GrpcError(error, StatusCode.InvalidArgument, "USER-ResetCodeInvalid");
            var (hash, attempts) = await StoredCodeAsync(userId);
            Assert.Equal(attempt < 5 ? attempt : 0, attempts);
            Assert.Equal(attempt < 5, hash is not null);
        }

        // void: the right code no longer works, the password is the initial one
        var voided = await Assert.ThrowsAsync<RpcException>(() => client.SetPasswordAsync(
            new SetPasswordRequest { UserId = userId, NewPassword = new Password { Password_ = Changed }, VerificationCode = code }, headers).ResponseAsync);
        ContractAssert.GrpcError(voided, StatusCode.InvalidArgument, "USER-ResetCodeInvalid");
        Assert.Equal(HttpStatusCode.Created, (await SignInAsync(factory.Rest(factory.AdminToken), loginName, Initial)).StatusCode);
        var failures = (await EventsAsync(userId)).Where(e => e.Type == "user.human.password.code.failed").ToList();
        Assert.Equal(6, failures.Count);
        Assert.Contains("\"voided\":true", failures[4].Payload.Replace(" ", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);

        // a fresh code works on gRPC, typed in lower case
        var fresh = await client.PasswordResetAsync(new PasswordResetRequest { UserId = userId, ReturnCode = new ReturnPasswordResetCode() }, headers);
        await client.SetPasswordAsync(
            new SetPasswordRequest { UserId = userId, NewPassword = new Password { Password_ = Changed }, VerificationCode = fresh.VerificationCode.ToLowerInvariant() }, headers);
        Assert.Equal(HttpStatusCode.Created, (await SignInAsync(factory.Rest(factory.AdminToken), loginName, Changed)).StatusCode);
        await AssertNoSecretStoredAsync(userId, code, fresh.VerificationCode, wrong);
    }

    [SkippableFact]
    public async Task An_expired_code_is_refused_on_both_protocols()
    {
        var (admin, _, userId, _) = await UserWithInitialPasswordAsync();
        var code = await RequestCodeAsync(admin, userId);
        await using (var scope = factory.ModuleServices.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
            var past = DateTimeOffset.UtcNow.AddMinutes(-1);
            await db.Users.Where(u => u.Id == new Identity.Domain.Common.UserId(userId)).ExecuteUpdateAsync(s => s.SetProperty(u => u.PasswordCodeExpiresAt, past));
        }

        var grpc = await Assert.ThrowsAsync<RpcException>(() => factory.UsersV2().SetPasswordAsync(
            new SetPasswordRequest { UserId = userId, NewPassword = new Password { Password_ = Changed }, VerificationCode = code }, ApiFactory.Headers(factory.AdminToken)).ResponseAsync);
        ContractAssert.GrpcError(grpc, StatusCode.InvalidArgument, "USER-ResetCodeInvalid");
        await ContractAssert.RestErrorAsync(
            await admin.PostAsJsonAsync($"/v2/users/{userId}/password", new { newPassword = new { password = Changed }, verificationCode = code }),
            HttpStatusCode.BadRequest, StatusCode.InvalidArgument, "USER-ResetCodeInvalid");
        Assert.Contains(await EventsAsync(userId), e => e.Type == "user.human.password.code.failed" && e.Payload.Contains("\"expired\"", StringComparison.Ordinal));
        Assert.Null((await StoredCodeAsync(userId)).Hash);
    }

    [SkippableFact]
    public async Task An_administrators_new_password_voids_the_open_code()
    {
        var (admin, orgId, userId, _) = await UserWithInitialPasswordAsync();
        var code = await RequestCodeAsync(admin, userId);

        await BodyAsync(await factory.Rest(factory.AdminToken, orgId).PostAsJsonAsync($"/management/v1/users/{userId}/password", new { password = Changed }), HttpStatusCode.OK);

        await ContractAssert.RestErrorAsync(
            await admin.PostAsJsonAsync($"/v2/users/{userId}/password", new { newPassword = new { password = Initial }, verificationCode = code }),
            HttpStatusCode.BadRequest, StatusCode.InvalidArgument, "USER-ResetCodeInvalid");
    }

    [SkippableFact]
    public async Task Email_and_SMS_are_refused_on_v2_and_v1_without_opening_a_code()
    {
        var (admin, orgId, userId, _) = await UserWithInitialPasswordAsync();
        var v1 = factory.Rest(factory.AdminToken, orgId);

        await ContractAssert.RestErrorAsync(
            await admin.PostAsJsonAsync($"/v2/users/{userId}/password_reset", new { sendLink = new { notificationType = "NOTIFICATION_TYPE_Email" } }),
            HttpStatusCode.BadRequest, StatusCode.FailedPrecondition, "NOTIFY-EmailUnavailable");
        await ContractAssert.RestErrorAsync(
            await admin.PostAsJsonAsync($"/v2/users/{userId}/password_reset", new { }),
            HttpStatusCode.BadRequest, StatusCode.FailedPrecondition, "NOTIFY-EmailUnavailable");
        await ContractAssert.RestErrorAsync(
            await admin.PostAsJsonAsync($"/v2/users/{userId}/password_reset", new { sendLink = new { notificationType = "NOTIFICATION_TYPE_SMS" } }),
            HttpStatusCode.NotImplemented, StatusCode.Unimplemented, "NOTIFY-SmsUnavailable");
        await ContractAssert.RestErrorAsync(
            await v1.PostAsJsonAsync($"/management/v1/users/{userId}/password/_reset", new { type = "TYPE_EMAIL" }),
            HttpStatusCode.BadRequest, StatusCode.FailedPrecondition, "NOTIFY-EmailUnavailable");
        await ContractAssert.RestErrorAsync(
            await v1.PostAsJsonAsync($"/management/v1/users/{userId}/password/_reset", new { type = "TYPE_SMS" }),
            HttpStatusCode.NotImplemented, StatusCode.Unimplemented, "NOTIFY-SmsUnavailable");

        var headers = ApiFactory.Headers(factory.AdminToken, orgId);
        var link = await Assert.ThrowsAsync<RpcException>(() => factory.UsersV2().PasswordResetAsync(
            new PasswordResetRequest { UserId = userId, SendLink = new SendPasswordResetLink() }, headers).ResponseAsync);
        ContractAssert.GrpcError(link, StatusCode.FailedPrecondition, "NOTIFY-EmailUnavailable");
        var email = await Assert.ThrowsAsync<RpcException>(() => factory.Grpc().SendHumanResetPasswordNotificationAsync(
            new V1.SendHumanResetPasswordNotificationRequest { UserId = userId }, headers).ResponseAsync);
        ContractAssert.GrpcError(email, StatusCode.FailedPrecondition, "NOTIFY-EmailUnavailable");
        var sms = await Assert.ThrowsAsync<RpcException>(() => factory.Grpc().SendHumanResetPasswordNotificationAsync(
            new V1.SendHumanResetPasswordNotificationRequest { UserId = userId, Type = V1.SendHumanResetPasswordNotificationRequest.Types.Type.Sms }, headers).ResponseAsync);
        ContractAssert.GrpcError(sms, StatusCode.Unimplemented, "NOTIFY-SmsUnavailable");

        Assert.Null((await StoredCodeAsync(userId)).Hash);
        Assert.DoesNotContain(await EventsAsync(userId), e => e.Type == "user.human.password.code.added");
    }

    [SkippableFact]
    public async Task An_org_user_manager_cannot_request_a_code_for_an_org_owner()
    {
        var (_, orgId, ownerId, _) = await UserWithInitialPasswordAsync();
        await BodyAsync(await factory.Rest(factory.AdminToken, orgId).PostAsJsonAsync("/management/v1/orgs/me/members", new { userId = ownerId, roles = new[] { Roles.OrgOwner } }), HttpStatusCode.OK);
        var (_, manager) = await factory.CreateMachineCallerAsync(orgId, Roles.OrgUserManager);
        var rest = factory.Rest(manager, orgId);

        await ContractAssert.RestErrorAsync(
            await rest.PostAsJsonAsync($"/v2/users/{ownerId}/password_reset", new { returnCode = new { } }),
            HttpStatusCode.Forbidden, StatusCode.PermissionDenied, "AUTH-TargetOutranksCaller");
        await ContractAssert.RestErrorAsync(
            await rest.PostAsJsonAsync($"/management/v1/users/{ownerId}/password/_reset", new { type = "TYPE_EMAIL" }),
            HttpStatusCode.Forbidden, StatusCode.PermissionDenied, "AUTH-TargetOutranksCaller");
        var v2 = await Assert.ThrowsAsync<RpcException>(() => factory.UsersV2().PasswordResetAsync(
            new PasswordResetRequest { UserId = ownerId, ReturnCode = new ReturnPasswordResetCode() }, ApiFactory.Headers(manager)).ResponseAsync);
        ContractAssert.GrpcError(v2, StatusCode.PermissionDenied, "AUTH-TargetOutranksCaller");
        var v1 = await Assert.ThrowsAsync<RpcException>(() => factory.Grpc().SendHumanResetPasswordNotificationAsync(
            new V1.SendHumanResetPasswordNotificationRequest { UserId = ownerId }, ApiFactory.Headers(manager, orgId)).ResponseAsync);
        ContractAssert.GrpcError(v1, StatusCode.PermissionDenied, "AUTH-TargetOutranksCaller");
        Assert.Null((await StoredCodeAsync(ownerId)).Hash);
    }

    private static async Task<string> RequestCodeAsync(HttpClient admin, string userId)
    {
        var body = await BodyAsync(await admin.PostAsJsonAsync($"/v2/users/{userId}/password_reset", new { returnCode = new { } }), HttpStatusCode.OK);
        return body.GetProperty("verificationCode").GetString()!;
    }

    private async Task<(HttpClient Admin, string OrgId, string UserId, string LoginName)> UserWithInitialPasswordAsync()
    {
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);
        var userId = (await Scenario.ImportAsync(admin, orgId, "rosa-" + Guid.NewGuid().ToString("N")[..8])).GetProperty("userId").GetString()!;
        Assert.True((await Scenario.SetInitialPasswordAsync(admin, userId, Initial, orgId)).IsSuccessStatusCode);
        var user = await BodyAsync(await factory.Rest(factory.AdminToken, orgId).GetAsync(new Uri($"/management/v1/users/{userId}", UriKind.Relative)), HttpStatusCode.OK);
        return (admin, orgId, userId, user.GetProperty("user").GetProperty("preferredLoginName").GetString()!);
    }

    private async Task<(string? Hash, int Attempts)> StoredCodeAsync(string userId)
    {
        await using var scope = factory.ModuleServices.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == new Identity.Domain.Common.UserId(userId));
        return (user.PasswordCodeHash, user.PasswordCodeFailedAttempts);
    }

    private async Task<List<(string Type, string Payload)>> EventsAsync(string userId)
    {
        await using var scope = factory.ModuleServices.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        var events = await db.Events.AsNoTracking().Where(e => e.AggregateId == userId).OrderBy(e => e.Sequence).Select(e => new { e.EventType, e.Payload }).ToListAsync();
        return [.. events.Select(e => (e.EventType, e.Payload))];
    }

    private async Task AssertNoSecretStoredAsync(string userId, params string[] secrets)
    {
        await using var scope = factory.ModuleServices.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        var texts = await db.Events.AsNoTracking().Where(e => e.AggregateId == userId).Select(e => e.Payload).ToListAsync();
        texts.AddRange(await db.OutboxMessages.AsNoTracking().Where(m => m.AggregateId == userId).Select(m => m.Payload).ToListAsync());
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == new Identity.Domain.Common.UserId(userId));
        texts.Add(user.PasswordCodeHash ?? string.Empty);
        Assert.Contains(await db.OutboxMessages.AsNoTracking().Where(m => m.AggregateId == userId).Select(m => m.EventType).ToListAsync(), t => t == "PasswordCodeAdded");
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(texts, t => t.Contains(secret, StringComparison.OrdinalIgnoreCase));
        }
    }

    private static Task<HttpResponseMessage> SignInAsync(HttpClient client, string loginName, string password) =>
        client.PostAsJsonAsync("/v2/sessions", new { checks = new { user = new { loginName }, password = new { password } } });

    private static async Task<JsonElement> BodyAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}

/// <summary>A reset code never reaches a log line, at any level, on the way in or out.</summary>
public sealed class PasswordResetLogTests(LogCapturingFactory factory) : IClassFixture<LogCapturingFactory>
{
    [Fact]
    public async Task The_code_is_in_no_log_line_when_issued_used_or_refused()
    {
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);
        var userId = (await Scenario.ImportAsync(admin, orgId, "logs-" + Guid.NewGuid().ToString("N")[..8])).GetProperty("userId").GetString()!;
        Assert.True((await Scenario.SetInitialPasswordAsync(admin, userId, "Correct-Horse-7-Battery", orgId)).IsSuccessStatusCode);

        var issued = await admin.PostAsJsonAsync($"/v2/users/{userId}/password_reset", new { returnCode = new { } });
        var code = JsonDocument.Parse(await issued.Content.ReadAsStringAsync()).RootElement.GetProperty("verificationCode").GetString()!;
        var wrong = code == "ZZZZZZ" ? "YYYYYY" : "ZZZZZZ";
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync($"/v2/users/{userId}/password", new { newPassword = new { password = "Sunny-Meadow-42!" }, verificationCode = wrong })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/v2/users/{userId}/password", new { newPassword = new { password = "Sunny-Meadow-42!" }, verificationCode = code })).StatusCode);

        var lines = factory.Logs.Lines.ToList();
        Assert.NotEmpty(lines);
        Assert.DoesNotContain(lines, l => l.Contains(code, StringComparison.Ordinal) || l.Contains(wrong, StringComparison.Ordinal));
    }
}

/// <summary>Identity:Passwords:ResetCodeLifetime sets the expiry of a new code.</summary>
public sealed class ShortResetCodeLifetimeFactory : ApiFactory
{
    public ShortResetCodeLifetimeFactory()
    {
        Settings["Identity:Passwords:ResetCodeLifetime"] = "00:00:02";
    }
}

public sealed class PasswordResetLifetimeTests(ShortResetCodeLifetimeFactory factory) : IClassFixture<ShortResetCodeLifetimeFactory>
{
    [Fact]
    public async Task A_code_older_than_the_configured_lifetime_is_refused()
    {
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);
        var userId = (await Scenario.ImportAsync(admin, orgId, "short-" + Guid.NewGuid().ToString("N")[..8])).GetProperty("userId").GetString()!;
        Assert.True((await Scenario.SetInitialPasswordAsync(admin, userId, "Correct-Horse-7-Battery", orgId)).IsSuccessStatusCode);

        var before = DateTimeOffset.UtcNow;
        var issued = await admin.PostAsJsonAsync($"/v2/users/{userId}/password_reset", new { returnCode = new { } });
        var code = JsonDocument.Parse(await issued.Content.ReadAsStringAsync()).RootElement.GetProperty("verificationCode").GetString()!;
        await using (var scope = factory.ModuleServices.CreateAsyncScope())
        {
            var user = await scope.ServiceProvider.GetRequiredService<IdentityDbContext>().Users.AsNoTracking().SingleAsync(u => u.Id == new Identity.Domain.Common.UserId(userId));
            Assert.InRange(user.PasswordCodeExpiresAt!.Value, before.AddSeconds(1), DateTimeOffset.UtcNow.AddSeconds(3));
        }

        await Task.Delay(TimeSpan.FromSeconds(2.5));
        await ContractAssert.RestErrorAsync(
            await admin.PostAsJsonAsync($"/v2/users/{userId}/password", new { newPassword = new { password = "Sunny-Meadow-42!" }, verificationCode = code }),
            HttpStatusCode.BadRequest, StatusCode.InvalidArgument, "USER-ResetCodeInvalid");
    }
}
