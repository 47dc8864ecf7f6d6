using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using Identity.Api.Tests.Support;
using Identity.Application;
using Identity.Application.Users.SetPasswordV2;
using Identity.Domain.Common;
using Identity.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zitadel.User.V2;
using V1 = Zitadel.Management.V1;

namespace Identity.Api.Tests;

/// <summary>A password history of 3 (the current password and two before it).</summary>
public sealed class HistoryDepthThreeFactory : ApiFactory
{
    public HistoryDepthThreeFactory() => Settings["Identity:Passwords:HistoryDepth"] = "3";
}

/// <summary>The same on PostgreSQL.</summary>
public sealed class PostgresHistoryDepthThreeFactory : PostgresApiFactory
{
    public PostgresHistoryDepthThreeFactory() => Settings["Identity:Passwords:HistoryDepth"] = "3";
}

/// <summary>The password history switched off.</summary>
public sealed class HistoryOffFactory : ApiFactory
{
    public HistoryOffFactory() => Settings["Identity:Passwords:HistoryDepth"] = "0";
}

public sealed class SqlitePasswordHistoryTests(HistoryDepthThreeFactory factory) : PasswordHistoryTests<HistoryDepthThreeFactory>(factory);

public sealed class PostgresPasswordHistoryTests(PostgresHistoryDepthThreeFactory factory) : PasswordHistoryTests<PostgresHistoryDepthThreeFactory>(factory);

/// <summary>
/// The password history through the real host on REST and gRPC: every path that sets a password refuses the
/// current one and an older one within the depth with POLICY-PasswordReused, and accepts the (N+1)th again.
/// </summary>
public abstract class PasswordHistoryTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    private const string P1 = "Correct-Horse-7-Battery";
    private const string P2 = "Sunny-Meadow-42!";
    private const string P3 = "Quiet-River-93?";
    private const string P4 = "Amber-Forest-61#";

    [SkippableFact]
    public async Task Rest_every_path_refuses_the_current_and_an_older_password_and_accepts_the_one_beyond_the_depth()
    {
        var (admin, orgId, userId) = await UserWithInitialPasswordAsync(P1);
        var org = factory.Rest(factory.AdminToken, orgId);

        // SetHumanInitialPassword: the current password
        await AssertReusedAsync(await Scenario.SetInitialPasswordAsync(admin, userId, P1, orgId), P1);

        // v1 SetHumanPassword: the current one refused, a new one accepted
        await AssertReusedAsync(await org.PostAsJsonAsync($"/management/v1/users/{userId}/password", new { password = P1 }), P1);
        await OkAsync(await org.PostAsJsonAsync($"/management/v1/users/{userId}/password", new { password = P2 }));

        // v2 SetPassword by an administrator: an older one
        await AssertReusedAsync(await admin.PostAsJsonAsync($"/v2/users/{userId}/password", new { newPassword = new { password = P1 } }), P1);

        // v2 SetPassword with current_password: the current one as the new one
        await AssertReusedAsync(await admin.PostAsJsonAsync($"/v2/users/{userId}/password", new { newPassword = new { password = P2 }, currentPassword = P2 }), P2);

        // v2 SetPassword with verification_code: an older one refused (the code stays usable), then a new one
        var code = await ResetCodeAsync(admin, userId);
        await AssertReusedAsync(await admin.PostAsJsonAsync($"/v2/users/{userId}/password", new { newPassword = new { password = P1 }, verificationCode = code }), P1);
        await OkAsync(await admin.PostAsJsonAsync($"/v2/users/{userId}/password", new { newPassword = new { password = P3 }, verificationCode = code }));

        // depth 3: P3 (current), P2, P1 are refused; after P4, P1 is the fourth-newest and accepted again
        await AssertReusedAsync(await admin.PostAsJsonAsync($"/v2/users/{userId}/password", new { newPassword = new { password = P1 } }), P1);
        await OkAsync(await org.PostAsJsonAsync($"/management/v1/users/{userId}/password", new { password = P4 }));
        await OkAsync(await admin.PostAsJsonAsync($"/v2/users/{userId}/password", new { newPassword = new { password = P1 } }));
        await AssertReusedAsync(await org.PostAsJsonAsync($"/management/v1/users/{userId}/password", new { password = P3 }), P3);

        await AssertHashesKeptOnlyInTheirTableAsync(userId, 2);
    }

    [SkippableFact]
    public async Task Grpc_every_path_refuses_the_current_and_an_older_password_and_accepts_the_one_beyond_the_depth()
    {
        var (admin, orgId, userId) = await UserWithInitialPasswordAsync(P1);
        var v1 = factory.Grpc();
        var v2 = factory.UsersV2();
        var orgHeaders = ApiFactory.Headers(factory.AdminToken, orgId);
        var headers = ApiFactory.Headers(factory.AdminToken);

        AssertReused(await Assert.ThrowsAsync<RpcException>(() => v1.SetHumanInitialPasswordAsync(
            new V1.SetHumanInitialPasswordRequest { UserId = userId, Password = P1 }, orgHeaders).ResponseAsync), P1);
        AssertReused(await Assert.ThrowsAsync<RpcException>(() => v1.SetHumanPasswordAsync(
            new V1.SetHumanPasswordRequest { UserId = userId, Password = P1 }, orgHeaders).ResponseAsync), P1);
        await v1.SetHumanPasswordAsync(new V1.SetHumanPasswordRequest { UserId = userId, Password = P2 }, orgHeaders);
        AssertReused(await Assert.ThrowsAsync<RpcException>(() => v2.SetPasswordAsync(
            new SetPasswordRequest { UserId = userId, NewPassword = new Password { Password_ = P1 } }, headers).ResponseAsync), P1);
        AssertReused(await Assert.ThrowsAsync<RpcException>(() => v2.SetPasswordAsync(
            new SetPasswordRequest { UserId = userId, NewPassword = new Password { Password_ = P2 }, CurrentPassword = P2 }, headers).ResponseAsync), P2);

        var code = (await v2.PasswordResetAsync(new PasswordResetRequest { UserId = userId, ReturnCode = new ReturnPasswordResetCode() }, headers)).VerificationCode;
        AssertReused(await Assert.ThrowsAsync<RpcException>(() => v2.SetPasswordAsync(
            new SetPasswordRequest { UserId = userId, NewPassword = new Password { Password_ = P1 }, VerificationCode = code }, headers).ResponseAsync), P1);
        await v2.SetPasswordAsync(new SetPasswordRequest { UserId = userId, NewPassword = new Password { Password_ = P3 }, VerificationCode = code }, headers);

        AssertReused(await Assert.ThrowsAsync<RpcException>(() => v2.SetPasswordAsync(
            new SetPasswordRequest { UserId = userId, NewPassword = new Password { Password_ = P1 } }, headers).ResponseAsync), P1);
        await v2.SetPasswordAsync(new SetPasswordRequest { UserId = userId, NewPassword = new Password { Password_ = P4 } }, headers);
        await v1.SetHumanPasswordAsync(new V1.SetHumanPasswordRequest { UserId = userId, Password = P1, NoChangeRequired = true }, orgHeaders);

        Assert.Equal(HttpStatusCode.Created, (await SignInAsync(admin, userId, P1)).StatusCode);
    }

    [SkippableFact]
    public async Task Facade_SetPassword_refuses_the_current_password()
    {
        var (_, orgId, userId) = await UserWithInitialPasswordAsync(P1);
        var identity = factory.Services.GetRequiredService<IIdentityModule>();

        var error = await Assert.ThrowsAsync<DomainException>(() => identity.SendAsync(new SetPasswordV2Command(userId, P1, false, null, null), ModuleCaller.System("shop", orgId)));

        Assert.Equal((ErrorKind.InvalidArgument, "POLICY-PasswordReused"), (error.Kind, error.Summary.Id));
        Assert.DoesNotContain(P1, error.Message, StringComparison.Ordinal);
    }

    private async Task<(HttpClient Admin, string OrgId, string UserId)> UserWithInitialPasswordAsync(string password)
    {
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);
        var userId = (await Scenario.ImportAsync(admin, orgId, "daisy-" + Guid.NewGuid().ToString("N")[..8])).GetProperty("userId").GetString()!;
        Assert.True((await Scenario.SetInitialPasswordAsync(admin, userId, password, orgId)).IsSuccessStatusCode);
        return (admin, orgId, userId);
    }

    private static async Task<string> ResetCodeAsync(HttpClient admin, string userId)
    {
        var response = await admin.PostAsJsonAsync($"/v2/users/{userId}/password_reset", new { returnCode = new { } });
        var body = await OkAsync(response);
        return body.GetProperty("verificationCode").GetString()!;
    }

    private static Task<HttpResponseMessage> SignInAsync(HttpClient client, string userId, string password) =>
        client.PostAsJsonAsync("/v2/sessions", new { checks = new { user = new { userId }, password = new { password } } });

    private static async Task AssertReusedAsync(HttpResponseMessage response, string password)
    {
        var text = await response.Content.ReadAsStringAsync();
        await ContractAssert.RestErrorAsync(response, HttpStatusCode.BadRequest, StatusCode.InvalidArgument, "POLICY-PasswordReused");
        Assert.DoesNotContain(password, text, StringComparison.Ordinal);
        Assert.DoesNotContain("PBKDF2", text, StringComparison.OrdinalIgnoreCase);
    }

    private static void AssertReused(RpcException error, string password)
    {
        ContractAssert.GrpcError(error, StatusCode.InvalidArgument, "POLICY-PasswordReused");
        Assert.DoesNotContain(password, error.Status.Detail, StringComparison.Ordinal);
    }

    private static async Task<JsonElement> OkAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>The table holds <paramref name="count"/> former hashes of the user; none of them is in an event or outbox message.</summary>
    private async Task AssertHashesKeptOnlyInTheirTableAsync(string userId, int count)
    {
        await using var scope = factory.ModuleServices.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == new Identity.Domain.Common.UserId(userId));
        Assert.Equal(count, user.PasswordHistory.Count);
        var payloads = await db.Events.AsNoTracking().Where(e => e.AggregateId == userId).Select(e => e.Payload).ToListAsync();
        payloads.AddRange(await db.OutboxMessages.AsNoTracking().Where(m => m.AggregateId == userId).Select(m => m.Payload).ToListAsync());
        foreach (var hash in user.PasswordHistory.Select(e => e.Hash).Append(user.PasswordHash!))
        {
            Assert.DoesNotContain(payloads, p => p.Contains(hash, StringComparison.Ordinal));
        }
    }
}

/// <summary>Depth 0: the history is off, a password may be set again.</summary>
public sealed class PasswordHistoryOffTests(HistoryOffFactory factory) : IClassFixture<HistoryOffFactory>
{
    private const string P1 = "Correct-Horse-7-Battery";

    [Fact]
    public async Task Depth_zero_allows_the_current_password_again_on_rest_and_grpc()
    {
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);
        var userId = (await Scenario.ImportAsync(admin, orgId, "daisy-" + Guid.NewGuid().ToString("N")[..8])).GetProperty("userId").GetString()!;
        Assert.True((await Scenario.SetInitialPasswordAsync(admin, userId, P1, orgId)).IsSuccessStatusCode);

        var again = await Scenario.SetInitialPasswordAsync(admin, userId, P1, orgId);
        Assert.True(again.IsSuccessStatusCode, await again.Content.ReadAsStringAsync());
        var rest = await admin.PostAsJsonAsync($"/v2/users/{userId}/password", new { newPassword = new { password = P1 } });
        Assert.True(rest.IsSuccessStatusCode, await rest.Content.ReadAsStringAsync());
        await factory.Grpc().SetHumanPasswordAsync(new V1.SetHumanPasswordRequest { UserId = userId, Password = P1 }, ApiFactory.Headers(factory.AdminToken, orgId));
        await factory.UsersV2().SetPasswordAsync(
            new SetPasswordRequest { UserId = userId, NewPassword = new Password { Password_ = P1 }, CurrentPassword = P1 }, ApiFactory.Headers(factory.AdminToken));
    }
}
