using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using Identity.Api.Tests.Support;
using Identity.Application;
using Identity.Application.Sessions.CheckPassword;
using Identity.Domain.Common;
using Microsoft.Extensions.DependencyInjection;
using Zitadel.Session.V2;
using Zitadel.User.V2;
using V1 = Zitadel.Management.V1;

namespace Identity.Api.Tests;

/// <summary>Initial passwords expire after 5 seconds (a real wait stands in for the clock).</summary>
public sealed class ShortInitialPasswordLifetimeFactory : ApiFactory
{
    public ShortInitialPasswordLifetimeFactory() => Settings["Identity:Passwords:InitialPasswordLifetime"] = InitialPasswordExpiryTests<ApiFactory>.Lifetime.ToString();
}

/// <summary>The same on PostgreSQL.</summary>
public sealed class PostgresShortInitialPasswordLifetimeFactory : PostgresApiFactory
{
    public PostgresShortInitialPasswordLifetimeFactory() => Settings["Identity:Passwords:InitialPasswordLifetime"] = InitialPasswordExpiryTests<ApiFactory>.Lifetime.ToString();
}

public sealed class SqliteInitialPasswordExpiryTests(ShortInitialPasswordLifetimeFactory factory) : InitialPasswordExpiryTests<ShortInitialPasswordLifetimeFactory>(factory);

public sealed class PostgresInitialPasswordExpiryTests(PostgresShortInitialPasswordLifetimeFactory factory) : InitialPasswordExpiryTests<PostgresShortInitialPasswordLifetimeFactory>(factory);

/// <summary>
/// Expiring initial passwords through the real host on REST and gRPC: an administrator's password with change
/// required that was never used is refused after the lifetime with SESSION-InitialPasswordExpired (only when it
/// matched); used once it keeps working; self-set and imported passwords never expire.
/// </summary>
public abstract class InitialPasswordExpiryTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);

    private const string Initial = "Correct-Horse-7-Battery";
    private const string Own = "Sunny-Meadow-42!";
    private const string Wrong = "Wrong-Horse-7-Battery";

    [SkippableFact]
    public async Task Rest_unused_initial_passwords_expire_used_self_set_and_imported_ones_do_not()
    {
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);
        var org = factory.Rest(factory.AdminToken, orgId);
        var clock = Stopwatch.StartNew();

        var initial = await HumanAsync(admin, orgId);
        Assert.True((await Scenario.SetInitialPasswordAsync(admin, initial, Initial, orgId)).IsSuccessStatusCode);
        var v1Admin = await HumanAsync(admin, orgId);
        await OkAsync(await org.PostAsJsonAsync($"/management/v1/users/{v1Admin}/password", new { password = Initial }));
        var v2Admin = await HumanAsync(admin, orgId);
        await OkAsync(await admin.PostAsJsonAsync($"/v2/users/{v2Admin}/password", new { newPassword = new { password = Initial, changeRequired = true } }));
        var lastExpiringSet = clock.Elapsed;
        var v1NoChange = await HumanAsync(admin, orgId);
        await OkAsync(await org.PostAsJsonAsync($"/management/v1/users/{v1NoChange}/password", new { password = Initial, noChangeRequired = true }));
        var used = await HumanAsync(admin, orgId);
        Assert.True((await Scenario.SetInitialPasswordAsync(admin, used, Initial, orgId)).IsSuccessStatusCode);
        var selfSet = await HumanAsync(admin, orgId);
        Assert.True((await Scenario.SetInitialPasswordAsync(admin, selfSet, Initial, orgId)).IsSuccessStatusCode);
        var imported = await HumanAsync(admin, orgId, Initial, changeRequired: true);

        // before the lifetime: accepted (the first use ends the expiry of "used"); "selfSet" replaces its own
        Assert.True(clock.Elapsed < Lifetime, "the setup took longer than the lifetime");
        await CreatedAsync(await SignInAsync(admin, used, Initial));
        await OkAsync(await admin.PostAsJsonAsync($"/v2/users/{selfSet}/password", new { newPassword = new { password = Own }, currentPassword = Initial }));

        await PastAsync(clock, lastExpiringSet + Lifetime);

        foreach (var expired in new[] { initial, v1Admin, v2Admin })
        {
            await ContractAssert.RestErrorAsync(await SignInAsync(admin, expired, Initial), HttpStatusCode.BadRequest, StatusCode.FailedPrecondition, "SESSION-InitialPasswordExpired");

            // a wrong password still answers the generic error (no state leak)
            await ContractAssert.RestErrorAsync(await SignInAsync(admin, expired, Wrong), HttpStatusCode.BadRequest, StatusCode.InvalidArgument, "COMMAND-3M0fs");
        }

        // the user cannot use it to set its own either
        await ContractAssert.RestErrorAsync(
            await admin.PostAsJsonAsync($"/v2/users/{initial}/password", new { newPassword = new { password = Own }, currentPassword = Initial }),
            HttpStatusCode.BadRequest, StatusCode.FailedPrecondition, "SESSION-InitialPasswordExpired");

        // SetSession on a session whose user was checked refuses it as well
        var session = await CreatedAsync(await admin.PostAsJsonAsync("/v2/sessions", new { checks = new { user = new { userId = initial } } }));
        await ContractAssert.RestErrorAsync(
            await admin.PatchAsJsonAsync($"/v2/sessions/{session.GetProperty("sessionId").GetString()}", new { checks = new { password = new { password = Initial } } }),
            HttpStatusCode.BadRequest, StatusCode.FailedPrecondition, "SESSION-InitialPasswordExpired");

        foreach (var (userId, password) in new[] { (v1NoChange, Initial), (used, Initial), (selfSet, Own), (imported, Initial) })
        {
            await CreatedAsync(await SignInAsync(admin, userId, password));
        }

        // the audit shows the first use and the refusals, and an administrator's new password works again
        var changes = await OkAsync(await org.PostAsJsonAsync($"/management/v1/users/{initial}/changes/_search", new { query = new { asc = true } }));
        var keys = changes.GetProperty("result").EnumerateArray().Select(c => c.GetProperty("eventType").GetProperty("key").GetString()).ToList();
        Assert.Contains("user.human.password.initial.expired", keys);
        Assert.DoesNotContain(Initial, changes.ToString(), StringComparison.Ordinal);
        var usedChanges = await OkAsync(await org.PostAsJsonAsync($"/management/v1/users/{used}/changes/_search", new { query = new { asc = true } }));
        Assert.Single(usedChanges.GetProperty("result").EnumerateArray(), c => c.GetProperty("eventType").GetProperty("key").GetString() == "user.human.password.initial.used");

        Assert.True((await Scenario.SetInitialPasswordAsync(admin, initial, "Fresh-Lantern-58!", orgId)).IsSuccessStatusCode);
        await CreatedAsync(await SignInAsync(admin, initial, "Fresh-Lantern-58!"));
    }

    [SkippableFact]
    public async Task Grpc_an_unused_initial_password_is_refused_after_the_lifetime_on_create_set_session_and_set_password()
    {
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);
        var headers = ApiFactory.Headers(factory.AdminToken);
        var orgHeaders = ApiFactory.Headers(factory.AdminToken, orgId);
        var sessions = factory.Sessions();
        var clock = Stopwatch.StartNew();

        var expiring = await HumanAsync(admin, orgId);
        await factory.Grpc().SetHumanInitialPasswordAsync(new V1.SetHumanInitialPasswordRequest { UserId = expiring, Password = Initial }, orgHeaders);
        var lastExpiringSet = clock.Elapsed;
        var used = await HumanAsync(admin, orgId);
        await factory.UsersV2().SetPasswordAsync(new SetPasswordRequest { UserId = used, NewPassword = new Password { Password_ = Initial, ChangeRequired = true } }, headers);
        var first = await sessions.CreateSessionAsync(new CreateSessionRequest { Checks = new Checks { User = new CheckUser { UserId = used }, Password = new CheckPassword { Password = Initial } } }, headers);
        Assert.True(first.PasswordChangeRequired);
        Assert.True(clock.Elapsed < Lifetime, "the setup took longer than the lifetime");

        await PastAsync(clock, lastExpiringSet + Lifetime);

        var refused = await Assert.ThrowsAsync<RpcException>(() => sessions.CreateSessionAsync(
            new CreateSessionRequest { Checks = new Checks { User = new CheckUser { UserId = expiring }, Password = new CheckPassword { Password = Initial } } }, headers).ResponseAsync);
        ContractAssert.GrpcError(refused, StatusCode.FailedPrecondition, "SESSION-InitialPasswordExpired");
        var wrong = await Assert.ThrowsAsync<RpcException>(() => sessions.CreateSessionAsync(
            new CreateSessionRequest { Checks = new Checks { User = new CheckUser { UserId = expiring }, Password = new CheckPassword { Password = Wrong } } }, headers).ResponseAsync);
        ContractAssert.GrpcError(wrong, StatusCode.InvalidArgument, "COMMAND-3M0fs");

        var session = await sessions.CreateSessionAsync(new CreateSessionRequest { Checks = new Checks { User = new CheckUser { UserId = expiring } } }, headers);
        var set = await Assert.ThrowsAsync<RpcException>(() => sessions.SetSessionAsync(
            new SetSessionRequest { SessionId = session.SessionId, Checks = new Checks { Password = new CheckPassword { Password = Initial } } }, headers).ResponseAsync);
        ContractAssert.GrpcError(set, StatusCode.FailedPrecondition, "SESSION-InitialPasswordExpired");

        var own = await Assert.ThrowsAsync<RpcException>(() => factory.UsersV2().SetPasswordAsync(
            new SetPasswordRequest { UserId = expiring, NewPassword = new Password { Password_ = Own }, CurrentPassword = Initial }, headers).ResponseAsync);
        ContractAssert.GrpcError(own, StatusCode.FailedPrecondition, "SESSION-InitialPasswordExpired");

        var again = await sessions.CreateSessionAsync(new CreateSessionRequest { Checks = new Checks { User = new CheckUser { UserId = used }, Password = new CheckPassword { Password = Initial } } }, headers);
        Assert.True(again.PasswordChangeRequired);

        // the facade's CheckPassword answers the same
        var identity = factory.Services.GetRequiredService<IIdentityModule>();
        var userName = await UserNameAsync(orgId, expiring);
        var facade = await Assert.ThrowsAsync<DomainException>(() => identity.SendAsync(new CheckPasswordCommand(userName, Initial), ModuleCaller.System("shop", orgId)));
        Assert.Equal((ErrorKind.FailedPrecondition, "SESSION-InitialPasswordExpired"), (facade.Kind, facade.Summary.Id));
    }

    private static async Task<string> HumanAsync(HttpClient admin, string orgId, string? password = null, bool changeRequired = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/management/v1/users/human/_import")
        {
            Content = JsonContent.Create(new
            {
                userName = "minnie-" + Guid.NewGuid().ToString("N")[..8],
                profile = new { firstName = "Minnie", lastName = "Mouse" },
                email = new { email = "minnie@acme.test", isEmailVerified = true },
                password,
                passwordChangeRequired = changeRequired,
            }),
        };
        request.Headers.Add("x-zitadel-orgid", orgId);
        return (await OkAsync(await admin.SendAsync(request))).GetProperty("userId").GetString()!;
    }

    private async Task<string> UserNameAsync(string orgId, string userId)
    {
        var user = await OkAsync(await factory.Rest(factory.AdminToken, orgId).GetAsync(new Uri($"/management/v1/users/{userId}", UriKind.Relative)));
        return user.GetProperty("user").GetProperty("userName").GetString()!;
    }

    private static Task<HttpResponseMessage> SignInAsync(HttpClient client, string userId, string password) =>
        client.PostAsJsonAsync("/v2/sessions", new { checks = new { user = new { userId }, password = new { password } } });

    private static async Task<JsonElement> OkAsync(HttpResponseMessage response) => await BodyAsync(response, HttpStatusCode.OK);

    private static async Task<JsonElement> CreatedAsync(HttpResponseMessage response) => await BodyAsync(response, HttpStatusCode.Created);

    private static async Task<JsonElement> BodyAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>
    /// Waits until half a second past <paramref name="expiry"/> (measured on <paramref name="clock"/>, from after the
    /// last expiring password was set, so a slow set-up cannot leave one of them unexpired).
    /// </summary>
    private static Task PastAsync(Stopwatch clock, TimeSpan expiry)
    {
        var wait = expiry + TimeSpan.FromMilliseconds(500) - clock.Elapsed;
        return wait > TimeSpan.Zero ? Task.Delay(wait) : Task.CompletedTask;
    }

}
