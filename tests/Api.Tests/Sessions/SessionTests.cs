using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Grpc.Core;
using Identity.Api.Tests.Support;
using Identity.Domain.Access;
using Identity.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zitadel.Session.V2;

namespace Identity.Api.Tests.Sessions;

public sealed class SqliteSessionTests(ApiFactory factory) : SessionTests<ApiFactory>(factory);

public sealed class PostgresSessionTests(PostgresApiFactory factory) : SessionTests<PostgresApiFactory>(factory);

/// <summary>Sign-in through the v2 SessionService on REST and gRPC: checks, failures, lockout, tokens.</summary>
public abstract class SessionTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    private const string Password = "Correct-Horse-7-Battery";
    private const string Sessions = "/v2/sessions";

    [SkippableFact]
    public async Task Rest_sign_in_with_the_initial_password_answers_201_a_token_and_the_change_required_flag()
    {
        var (admin, orgId, userId, loginName) = await UserWithInitialPasswordAsync();

        var created = await admin.PostAsJsonAsync(Sessions, new { checks = new { user = new { loginName = loginName.ToUpperInvariant() }, password = new { password = Password } }, lifetime = "18000s" });
        var body = await BodyAsync(created, HttpStatusCode.Created);
        var sessionId = body.GetProperty("sessionId").GetString()!;
        var token = body.GetProperty("sessionToken").GetString()!;
        Assert.True(body.GetProperty("passwordChangeRequired").GetBoolean());
        Assert.Equal(JsonValueKind.String, body.GetProperty("details").GetProperty("sequence").ValueKind);
        Assert.Equal(orgId, body.GetProperty("details").GetProperty("resourceOwner").GetString());

        var read = await BodyAsync(await admin.GetAsync(new Uri($"{Sessions}/{sessionId}?sessionToken={Uri.EscapeDataString(token)}", UriKind.Relative)), HttpStatusCode.OK);
        var session = read.GetProperty("session");
        Assert.Equal(sessionId, session.GetProperty("id").GetString());
        var user = session.GetProperty("factors").GetProperty("user");
        Assert.Equal(userId, user.GetProperty("id").GetString());
        Assert.Equal(loginName, user.GetProperty("loginName").GetString());
        Assert.Equal(orgId, user.GetProperty("organizationId").GetString());
        Assert.True(session.GetProperty("factors").GetProperty("password").TryGetProperty("verifiedAt", out _));
        Assert.True(session.TryGetProperty("expirationDate", out _));

        // the token is stored only as its hash, and no event or outbox row holds it
        await using var scope = factory.ModuleServices.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        var stored = await db.Sessions.AsNoTracking().SingleAsync(s => s.Id == new Identity.Domain.Common.SessionId(sessionId));
        Assert.NotEqual(token, stored.TokenHash);
        Assert.DoesNotContain(token, stored.TokenHash, StringComparison.Ordinal);
        Assert.False(await db.Events.AnyAsync(e => e.Payload.Contains(token)));
        Assert.False(await db.OutboxMessages.AnyAsync(e => e.Payload.Contains(token)));
        Assert.False(await db.Events.AnyAsync(e => e.Payload.Contains(Password)));
    }

    [SkippableFact]
    public async Task Every_failed_password_check_answers_the_same_body()
    {
        var (admin, orgId, userId, loginName) = await UserWithInitialPasswordAsync();
        var removed = (await Scenario.ImportAsync(admin, orgId, "gone-" + Guid.NewGuid().ToString("N")[..8], Password)).GetProperty("userId").GetString()!;
        var removedLogin = await LoginNameAsync(admin, orgId, removed);
        await Ok(await Client(admin, orgId).DeleteAsync(new Uri($"/management/v1/users/{removed}", UriKind.Relative)));
        var machine = await Client(admin, orgId).PostAsJsonAsync("/management/v1/users/machine", new { userName = "bot-" + Guid.NewGuid().ToString("N")[..8], name = "Bot" });
        var machineId = (await BodyAsync(machine, HttpStatusCode.OK)).GetProperty("userId").GetString()!;
        var noPassword = (await Scenario.ImportAsync(admin, orgId, "init-" + Guid.NewGuid().ToString("N")[..8])).GetProperty("userId").GetString()!;

        object[] attempts =
        [
            new { user = new { loginName }, password = new { password = "Wrong-Horse-7-Battery" } },
            new { user = new { userId }, password = new { password = "Wrong-Horse-7-Battery" } },
            new { user = new { loginName = "nobody@" + loginName.Split('@')[1] }, password = new { password = Password } },
            new { user = new { userId = "404404404" }, password = new { password = Password } },
            new { user = new { loginName = removedLogin }, password = new { password = Password } },
            new { user = new { userId = removed }, password = new { password = Password } },
            new { user = new { userId = machineId }, password = new { password = Password } },
            new { user = new { userId = noPassword }, password = new { password = Password } },
        ];
        var bodies = new List<string>();
        foreach (var checks in attempts)
        {
            var response = await admin.PostAsJsonAsync(Sessions, new { checks });
            await ContractAssert.RestErrorAsync(response, HttpStatusCode.BadRequest, StatusCode.InvalidArgument, "COMMAND-3M0fs");
            bodies.Add(await response.Content.ReadAsStringAsync());
        }

        Assert.Single(bodies.Distinct());
        Assert.DoesNotContain(userId, bodies[0], StringComparison.Ordinal);

        // without a password check an unknown user is not found (QUERY-Dfbg2), as upstream
        await ContractAssert.RestErrorAsync(
            await admin.PostAsJsonAsync(Sessions, new { checks = new { user = new { userId = "404404404" } } }), HttpStatusCode.NotFound, StatusCode.NotFound, "QUERY-Dfbg2");
    }

    [SkippableFact]
    public async Task Locked_and_deactivated_users_are_refused_with_their_own_id_only_with_the_right_password()
    {
        var (admin, orgId, userId, loginName) = await UserWithInitialPasswordAsync();
        var org = Client(admin, orgId);
        await Ok(await org.PostAsync(new Uri($"/management/v1/users/{userId}/_lock", UriKind.Relative), JsonContent.Create(new { })));
        await ContractAssert.RestErrorAsync(await SignInAsync(admin, loginName, Password), HttpStatusCode.BadRequest, StatusCode.FailedPrecondition, "COMMAND-JLK35");
        await ContractAssert.RestErrorAsync(await SignInAsync(admin, loginName, "Wrong-Horse-7-Battery"), HttpStatusCode.BadRequest, StatusCode.InvalidArgument, "COMMAND-3M0fs");

        await Ok(await org.PostAsync(new Uri($"/management/v1/users/{userId}/_unlock", UriKind.Relative), JsonContent.Create(new { })));
        await Ok(await org.PostAsync(new Uri($"/management/v1/users/{userId}/_deactivate", UriKind.Relative), JsonContent.Create(new { })));
        await ContractAssert.RestErrorAsync(await SignInAsync(admin, loginName, Password), HttpStatusCode.BadRequest, StatusCode.FailedPrecondition, "SESSION-UserInactive");
        await ContractAssert.RestErrorAsync(await SignInAsync(admin, loginName, "Wrong-Horse-7-Battery"), HttpStatusCode.BadRequest, StatusCode.InvalidArgument, "COMMAND-3M0fs");

        await Ok(await org.PostAsync(new Uri($"/management/v1/users/{userId}/_reactivate", UriKind.Relative), JsonContent.Create(new { })));
        Assert.Equal(HttpStatusCode.Created, (await SignInAsync(admin, loginName, Password)).StatusCode);
    }

    [SkippableFact]
    public async Task The_lockout_policy_locks_after_exactly_its_number_of_failures_and_a_success_or_unlock_starts_again()
    {
        var (admin, orgId, userId, loginName) = await UserWithInitialPasswordAsync();
        var org = Client(admin, orgId);
        await Ok(await org.PostAsJsonAsync("/management/v1/policies/lockout", new { maxPasswordAttempts = 3 }));

        // two failures, a success: the count starts again
        await FailAsync(admin, loginName, 2);
        Assert.Equal(HttpStatusCode.Created, (await SignInAsync(admin, loginName, Password)).StatusCode);
        await FailAsync(admin, loginName, 2);
        Assert.Equal("USER_STATE_ACTIVE", await StateAsync(org, userId));

        await FailAsync(admin, loginName, 1);
        Assert.Equal("USER_STATE_LOCKED", await StateAsync(org, userId));
        await ContractAssert.RestErrorAsync(await SignInAsync(admin, loginName, Password), HttpStatusCode.BadRequest, StatusCode.FailedPrecondition, "COMMAND-JLK35");

        var changes = await BodyAsync(await org.PostAsJsonAsync($"/management/v1/users/{userId}/changes/_search", new { query = new { asc = false, limit = 1 } }), HttpStatusCode.OK);
        var change = changes.GetProperty("result")[0];
        Assert.Equal("user.locked", change.GetProperty("eventType").GetProperty("key").GetString());
        Assert.Equal("system:lockout", change.GetProperty("editorId").GetString());

        // unlock starts the count again: two more failures do not lock
        await Ok(await org.PostAsync(new Uri($"/management/v1/users/{userId}/_unlock", UriKind.Relative), JsonContent.Create(new { })));
        await FailAsync(admin, loginName, 2);
        Assert.Equal("USER_STATE_ACTIVE", await StateAsync(org, userId));
        Assert.Equal(HttpStatusCode.Created, (await SignInAsync(admin, loginName, Password)).StatusCode);
    }

    [SkippableFact]
    public async Task Fifty_parallel_wrong_passwords_lose_no_count_and_lock_the_user_once()
    {
        var (admin, orgId, userId, loginName) = await UserWithInitialPasswordAsync();
        var org = Client(admin, orgId);
        await Ok(await org.PostAsJsonAsync("/management/v1/policies/lockout", new { maxPasswordAttempts = 10 }));

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => SignInAsync(admin, loginName, "Wrong-Horse-7-Battery")));
        foreach (var response in responses)
        {
            await ContractAssert.RestErrorAsync(response, HttpStatusCode.BadRequest, StatusCode.InvalidArgument, "COMMAND-3M0fs");
        }

        await using var scope = factory.ModuleServices.CreateAsyncScope();
        var failures = scope.ServiceProvider.GetRequiredService<Identity.Application.Abstractions.IPasswordCheckFailures>();
        Assert.Equal(50, await failures.CountAsync(new Identity.Domain.Common.UserId(userId), default));
        Assert.Equal("USER_STATE_LOCKED", await StateAsync(org, userId));
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        Assert.Equal(1, await db.Events.CountAsync(e => e.AggregateId == userId && e.EventType == "user.locked"));
    }

    [SkippableFact]
    public async Task Set_session_adds_the_password_check_and_replaces_the_token_and_delete_ends_it()
    {
        var (admin, orgId, userId, _) = await UserWithInitialPasswordAsync();
        var (_, outsider) = await factory.CreateMachineCallerAsync(orgId);
        var stranger = factory.Rest(outsider);

        var created = await BodyAsync(await admin.PostAsJsonAsync(Sessions, new { checks = new { user = new { userId } }, metadata = new { step = Convert.ToBase64String("one"u8.ToArray()) } }), HttpStatusCode.Created);
        var sessionId = created.GetProperty("sessionId").GetString()!;
        var first = created.GetProperty("sessionToken").GetString()!;
        Assert.False(created.TryGetProperty("passwordChangeRequired", out _));

        // a caller without rights sees the session only with its token
        await ContractAssert.RestErrorAsync(await stranger.GetAsync(new Uri($"{Sessions}/{sessionId}", UriKind.Relative)), HttpStatusCode.NotFound, StatusCode.NotFound, "SESSION-NotFound");
        var withToken = await BodyAsync(await stranger.GetAsync(new Uri($"{Sessions}/{sessionId}?sessionToken={Uri.EscapeDataString(first)}", UriKind.Relative)), HttpStatusCode.OK);
        Assert.False(withToken.GetProperty("session").GetProperty("factors").TryGetProperty("password", out _));
        Assert.Equal("one", Encoding.UTF8.GetString(Convert.FromBase64String(withToken.GetProperty("session").GetProperty("metadata").GetProperty("step").GetString()!)));

        var set = await BodyAsync(await admin.PatchAsJsonAsync($"{Sessions}/{sessionId}", new { checks = new { password = new { password = Password } } }), HttpStatusCode.OK);
        var second = set.GetProperty("sessionToken").GetString()!;
        Assert.NotEqual(first, second);
        Assert.True(set.GetProperty("passwordChangeRequired").GetBoolean());
        await ContractAssert.RestErrorAsync(
            await stranger.GetAsync(new Uri($"{Sessions}/{sessionId}?sessionToken={Uri.EscapeDataString(first)}", UriKind.Relative)), HttpStatusCode.NotFound, StatusCode.NotFound, "SESSION-NotFound");
        var checkedSession = await BodyAsync(await stranger.GetAsync(new Uri($"{Sessions}/{sessionId}?sessionToken={Uri.EscapeDataString(second)}", UriKind.Relative)), HttpStatusCode.OK);
        Assert.True(checkedSession.GetProperty("session").GetProperty("factors").GetProperty("password").TryGetProperty("verifiedAt", out _));

        // the session's user cannot change
        var other = (await Scenario.ImportAsync(admin, orgId, "other-" + Guid.NewGuid().ToString("N")[..8], Password)).GetProperty("userId").GetString()!;
        await ContractAssert.RestErrorAsync(
            await admin.PatchAsJsonAsync($"{Sessions}/{sessionId}", new { checks = new { user = new { userId = other } } }), HttpStatusCode.BadRequest, StatusCode.FailedPrecondition, "SESSION-UserChanged");

        // the list shows it to its creator; a stranger sees none
        var listed = await BodyAsync(await admin.PostAsJsonAsync($"{Sessions}/search", new { queries = new[] { new { idsQuery = new { ids = new[] { sessionId } } } } }), HttpStatusCode.OK);
        Assert.Equal("1", listed.GetProperty("details").GetProperty("totalResult").GetString());
        var none = await BodyAsync(await stranger.PostAsJsonAsync($"{Sessions}/search", new { queries = new[] { new { userIdQuery = new { id = userId } } } }), HttpStatusCode.OK);
        Assert.False(none.TryGetProperty("sessions", out _));

        using var delete = new HttpRequestMessage(HttpMethod.Delete, $"{Sessions}/{sessionId}") { Content = JsonContent.Create(new { sessionToken = second }) };
        await BodyAsync(await stranger.SendAsync(delete), HttpStatusCode.OK);
        await ContractAssert.RestErrorAsync(await admin.GetAsync(new Uri($"{Sessions}/{sessionId}", UriKind.Relative)), HttpStatusCode.NotFound, StatusCode.NotFound, "SESSION-NotFound");
    }

    [SkippableFact]
    public async Task Grpc_create_get_and_refusals()
    {
        var (admin, orgId, userId, loginName) = await UserWithInitialPasswordAsync();
        var client = factory.Sessions();
        var headers = ApiFactory.Headers(factory.AdminToken);

        var created = await client.CreateSessionAsync(
            new CreateSessionRequest { Checks = new Checks { User = new CheckUser { LoginName = loginName }, Password = new CheckPassword { Password = Password } } }, headers);
        Assert.True(created.PasswordChangeRequired);
        var read = await client.GetSessionAsync(new GetSessionRequest { SessionId = created.SessionId }, headers);
        Assert.Equal(userId, read.Session.Factors.User.Id);
        Assert.NotNull(read.Session.Factors.Password);

        var wrong = await Assert.ThrowsAsync<RpcException>(() => client.CreateSessionAsync(
            new CreateSessionRequest { Checks = new Checks { User = new CheckUser { UserId = userId }, Password = new CheckPassword { Password = "Wrong-Horse-7-Battery" } } }, headers).ResponseAsync);
        ContractAssert.GrpcError(wrong, StatusCode.InvalidArgument, "COMMAND-3M0fs");

        var totp = await Assert.ThrowsAsync<RpcException>(() => client.CreateSessionAsync(
            new CreateSessionRequest { Checks = new Checks { User = new CheckUser { UserId = userId }, Totp = new CheckTOTP { Code = "123456" } } }, headers).ResponseAsync);
        ContractAssert.GrpcError(totp, StatusCode.Unimplemented, "SESSION-CheckUnsupported");
        var challenge = await Assert.ThrowsAsync<RpcException>(() => client.CreateSessionAsync(
            new CreateSessionRequest { Checks = new Checks { User = new CheckUser { UserId = userId } }, Challenges = new RequestChallenges { OtpSms = new RequestChallenges.Types.OTPSMS() } }, headers).ResponseAsync);
        ContractAssert.GrpcError(challenge, StatusCode.Unimplemented, "SESSION-CheckUnsupported");

        // only session.write at instance level creates sessions: an org owner cannot
        var (_, owner) = await factory.CreateMachineCallerAsync(orgId, Roles.OrgOwner);
        var denied = await Assert.ThrowsAsync<RpcException>(() => client.CreateSessionAsync(
            new CreateSessionRequest { Checks = new Checks { User = new CheckUser { UserId = userId }, Password = new CheckPassword { Password = Password } } }, ApiFactory.Headers(owner)).ResponseAsync);
        ContractAssert.GrpcError(denied, StatusCode.PermissionDenied, "AUTH-PermissionDenied");

        // a session token is no API credential
        var asBearer = await Assert.ThrowsAsync<RpcException>(() => client.GetSessionAsync(new GetSessionRequest { SessionId = created.SessionId }, ApiFactory.Headers(created.SessionToken)).ResponseAsync);
        ContractAssert.GrpcError(asBearer, StatusCode.Unauthenticated, "AUTH-Unauthenticated");
    }

    private async Task<(HttpClient Admin, string OrgId, string UserId, string LoginName)> UserWithInitialPasswordAsync()
    {
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);
        var userId = (await Scenario.ImportAsync(admin, orgId, "minnie-" + Guid.NewGuid().ToString("N")[..8])).GetProperty("userId").GetString()!;
        await Ok(await Scenario.SetInitialPasswordAsync(admin, userId, Password, orgId));
        return (admin, orgId, userId, await LoginNameAsync(admin, orgId, userId));
    }

    private HttpClient Client(HttpClient admin, string orgId)
    {
        _ = admin;
        return factory.Rest(factory.AdminToken, orgId);
    }

    private async Task<string> LoginNameAsync(HttpClient admin, string orgId, string userId)
    {
        var user = await BodyAsync(await Client(admin, orgId).GetAsync(new Uri($"/management/v1/users/{userId}", UriKind.Relative)), HttpStatusCode.OK);
        return user.GetProperty("user").GetProperty("preferredLoginName").GetString()!;
    }

    private static async Task<string> StateAsync(HttpClient org, string userId) =>
        (await BodyAsync(await org.GetAsync(new Uri($"/management/v1/users/{userId}", UriKind.Relative)), HttpStatusCode.OK)).GetProperty("user").GetProperty("state").GetString()!;

    private static Task<HttpResponseMessage> SignInAsync(HttpClient client, string loginName, string password) =>
        client.PostAsJsonAsync(Sessions, new { checks = new { user = new { loginName }, password = new { password } } });

    private static async Task FailAsync(HttpClient client, string loginName, int times)
    {
        for (var i = 0; i < times; i++)
        {
            await ContractAssert.RestErrorAsync(await SignInAsync(client, loginName, "Wrong-Horse-7-Battery"), HttpStatusCode.BadRequest, StatusCode.InvalidArgument, "COMMAND-3M0fs");
        }
    }

    private static async Task Ok(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
    }

    private static async Task<JsonElement> BodyAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
