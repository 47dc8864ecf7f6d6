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
/// Setting a password after the initial one, through the real host on REST and gRPC: v1 SetHumanPassword
/// (administrator) and v2 SetPassword (administrator, or with the current password), with sign-in as the proof.
/// </summary>
public sealed class SqliteSetPasswordTests(ApiFactory factory) : SetPasswordTests<ApiFactory>(factory);

public sealed class PostgresSetPasswordTests(PostgresApiFactory factory) : SetPasswordTests<PostgresApiFactory>(factory);

public abstract class SetPasswordTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    private const string Initial = "Correct-Horse-7-Battery";
    private const string Changed = "Sunny-Meadow-42!";
    private const string Wrong = "Wrong-Horse-7-Battery";
    private const string Third = "Quiet-River-93?";

    [SkippableFact]
    public async Task Rest_v1_an_administrator_sets_a_password_and_sign_in_says_it_must_be_changed()
    {
        var (admin, orgId, userId, loginName) = await UserWithInitialPasswordAsync();
        var org = factory.Rest(factory.AdminToken, orgId);

        var response = await org.PostAsJsonAsync($"/management/v1/users/{userId}/password", new { password = Changed });
        var body = await BodyAsync(response, HttpStatusCode.OK);
        Assert.Equal(["details"], body.EnumerateObject().Select(p => p.Name));
        Assert.Equal("3", body.GetProperty("details").GetProperty("sequence").GetString());
        Assert.Equal(orgId, body.GetProperty("details").GetProperty("resourceOwner").GetString());

        var signedIn = await BodyAsync(await SignInAsync(admin, loginName, Changed), HttpStatusCode.Created);
        Assert.True(signedIn.GetProperty("passwordChangeRequired").GetBoolean());
        await ContractAssert.RestErrorAsync(await SignInAsync(admin, loginName, Initial), HttpStatusCode.BadRequest, StatusCode.InvalidArgument, "COMMAND-3M0fs");

        // no_change_required: the flag is cleared (false is omitted on the wire); a third password (the history refuses the first)
        await BodyAsync(await org.PostAsJsonAsync($"/management/v1/users/{userId}/password", new { password = Third, noChangeRequired = true }), HttpStatusCode.OK);
        var again = await BodyAsync(await SignInAsync(admin, loginName, Third), HttpStatusCode.Created);
        Assert.False(again.TryGetProperty("passwordChangeRequired", out _));

        var changes = await BodyAsync(await org.PostAsJsonAsync($"/management/v1/users/{userId}/changes/_search", new { query = new { asc = false, limit = 1 } }), HttpStatusCode.OK);
        Assert.Equal("user.human.password.changed", changes.GetProperty("result")[0].GetProperty("eventType").GetProperty("key").GetString());
        await AssertNoPasswordStoredAsync(userId, Changed, Initial);
    }

    [SkippableFact]
    public async Task Grpc_v1_sets_a_password_and_v2_reads_the_change_required_flag()
    {
        var (_, orgId, userId, _) = await UserWithInitialPasswordAsync();
        var grpc = factory.Grpc();
        var headers = ApiFactory.Headers(factory.AdminToken, orgId);

        var set = await grpc.SetHumanPasswordAsync(new V1.SetHumanPasswordRequest { UserId = userId, Password = Changed, NoChangeRequired = true }, headers);
        var user = await factory.UsersV2().GetUserByIDAsync(new GetUserByIDRequest { UserId = userId }, ApiFactory.Headers(factory.AdminToken));
        Assert.Equal(3ul, set.Details.Sequence);
        Assert.False(user.User.Human.PasswordChangeRequired);
        Assert.Equal(set.Details.ChangeDate, user.User.Human.PasswordChanged);

        await grpc.SetHumanPasswordAsync(new V1.SetHumanPasswordRequest { UserId = userId, Password = Third }, headers);
        user = await factory.UsersV2().GetUserByIDAsync(new GetUserByIDRequest { UserId = userId }, ApiFactory.Headers(factory.AdminToken));
        Assert.True(user.User.Human.PasswordChangeRequired);
    }

    [SkippableFact]
    public async Task Rest_v2_the_user_changes_the_initial_password_with_the_current_one()
    {
        var (admin, orgId, userId, loginName) = await UserWithInitialPasswordAsync();

        var response = await admin.PostAsJsonAsync($"/v2/users/{userId}/password", new { newPassword = new { password = Changed }, currentPassword = Initial });
        var body = await BodyAsync(response, HttpStatusCode.OK);
        var details = body.GetProperty("details");
        Assert.Equal(["sequence", "changeDate", "resourceOwner", "creationDate"], details.EnumerateObject().Select(p => p.Name));
        Assert.Equal(orgId, details.GetProperty("resourceOwner").GetString());
        Assert.DoesNotContain(Changed, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // the forced change is cleared, the old password no longer signs in
        var signedIn = await BodyAsync(await SignInAsync(admin, loginName, Changed), HttpStatusCode.Created);
        Assert.False(signedIn.TryGetProperty("passwordChangeRequired", out _));
        await ContractAssert.RestErrorAsync(await SignInAsync(admin, loginName, Initial), HttpStatusCode.BadRequest, StatusCode.InvalidArgument, "COMMAND-3M0fs");

        // the audit says the user set it
        await using var scope = factory.ModuleServices.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        var changed = await db.Events.AsNoTracking().Where(e => e.AggregateId == userId && e.EventType == "user.human.password.changed").OrderBy(e => e.Sequence).ToListAsync();
        Assert.Equal(2, changed.Count);
        using var payload = JsonDocument.Parse(changed[1].Payload);
        Assert.Equal("user", payload.RootElement.GetProperty("setBy").GetString());
        Assert.False(payload.RootElement.GetProperty("changeRequired").GetBoolean());
        Assert.Contains(await db.OutboxMessages.AsNoTracking().Where(m => m.AggregateId == userId).Select(m => m.EventType).ToListAsync(), t => t == "PasswordChanged");
        await AssertNoPasswordStoredAsync(userId, Changed, Initial);
    }

    [SkippableFact]
    public async Task Rest_v2_a_wrong_current_password_answers_COMMAND_3M0fs_and_counts_toward_lockout()
    {
        var (admin, orgId, userId, loginName) = await UserWithInitialPasswordAsync();
        var org = factory.Rest(factory.AdminToken, orgId);
        await BodyAsync(await org.PostAsJsonAsync("/management/v1/policies/lockout", new { maxPasswordAttempts = 2 }), HttpStatusCode.OK);

        var first = await admin.PostAsJsonAsync($"/v2/users/{userId}/password", new { newPassword = new { password = Changed }, currentPassword = Wrong });
        await ContractAssert.RestErrorAsync(first, HttpStatusCode.BadRequest, StatusCode.InvalidArgument, "COMMAND-3M0fs");
        Assert.Equal("USER_STATE_ACTIVE", await StateAsync(org, userId));

        // a failed sign-in adds to the same count: the user is locked by the system
        await ContractAssert.RestErrorAsync(await SignInAsync(admin, loginName, Wrong), HttpStatusCode.BadRequest, StatusCode.InvalidArgument, "COMMAND-3M0fs");
        Assert.Equal("USER_STATE_LOCKED", await StateAsync(org, userId));

        // locked: the right current password is refused with the lock's id, the wrong one as before
        await ContractAssert.RestErrorAsync(
            await admin.PostAsJsonAsync($"/v2/users/{userId}/password", new { newPassword = new { password = Changed }, currentPassword = Initial }),
            HttpStatusCode.BadRequest, StatusCode.FailedPrecondition, "COMMAND-JLK35");
        await ContractAssert.RestErrorAsync(
            await admin.PostAsJsonAsync($"/v2/users/{userId}/password", new { newPassword = new { password = Changed }, currentPassword = Wrong }),
            HttpStatusCode.BadRequest, StatusCode.InvalidArgument, "COMMAND-3M0fs");
    }

    [SkippableFact]
    public async Task A_new_password_starts_the_lockout_count_again()
    {
        var (admin, orgId, userId, loginName) = await UserWithInitialPasswordAsync();
        var org = factory.Rest(factory.AdminToken, orgId);
        await BodyAsync(await org.PostAsJsonAsync("/management/v1/policies/lockout", new { maxPasswordAttempts = 2 }), HttpStatusCode.OK);
        await ContractAssert.RestErrorAsync(await SignInAsync(admin, loginName, Wrong), HttpStatusCode.BadRequest, StatusCode.InvalidArgument, "COMMAND-3M0fs");

        await BodyAsync(await admin.PostAsJsonAsync($"/v2/users/{userId}/password", new { newPassword = new { password = Changed, changeRequired = true } }), HttpStatusCode.OK);

        // one more failure does not lock: the count started again
        await ContractAssert.RestErrorAsync(await SignInAsync(admin, loginName, Wrong), HttpStatusCode.BadRequest, StatusCode.InvalidArgument, "COMMAND-3M0fs");
        Assert.Equal("USER_STATE_ACTIVE", await StateAsync(org, userId));
        var signedIn = await BodyAsync(await SignInAsync(admin, loginName, Changed), HttpStatusCode.Created);
        Assert.True(signedIn.GetProperty("passwordChangeRequired").GetBoolean());
    }

    [SkippableFact]
    public async Task Grpc_v2_current_password_wrong_and_right_and_a_code_never_requested_refused()
    {
        var (admin, _, userId, loginName) = await UserWithInitialPasswordAsync();
        var client = factory.UsersV2();
        var headers = ApiFactory.Headers(factory.AdminToken);

        var wrong = await Assert.ThrowsAsync<RpcException>(() => client.SetPasswordAsync(
            new SetPasswordRequest { UserId = userId, NewPassword = new Password { Password_ = Changed }, CurrentPassword = Wrong }, headers).ResponseAsync);
        ContractAssert.GrpcError(wrong, StatusCode.InvalidArgument, "COMMAND-3M0fs");

        var code = await Assert.ThrowsAsync<RpcException>(() => client.SetPasswordAsync(
            new SetPasswordRequest { UserId = userId, NewPassword = new Password { Password_ = Changed }, VerificationCode = "ABC123" }, headers).ResponseAsync);
        ContractAssert.GrpcError(code, StatusCode.InvalidArgument, "USER-ResetCodeInvalid"); // no code was requested
        await ContractAssert.RestErrorAsync(
            await admin.PostAsJsonAsync($"/v2/users/{userId}/password", new { newPassword = new { password = Changed }, verificationCode = "ABC123" }),
            HttpStatusCode.BadRequest, StatusCode.InvalidArgument, "USER-ResetCodeInvalid");

        var set = await client.SetPasswordAsync(
            new SetPasswordRequest { UserId = userId, NewPassword = new Password { Password_ = Changed }, CurrentPassword = Initial }, headers);
        Assert.Equal(6ul, set.Details.Sequence); // the two refused codes and the initial password's first use are in the audit
        var user = await client.GetUserByIDAsync(new GetUserByIDRequest { UserId = userId }, headers);
        Assert.False(user.User.Human.PasswordChangeRequired);
        Assert.Equal(set.Details.ChangeDate, user.User.Human.PasswordChanged);
        var session = await factory.Sessions().CreateSessionAsync(new Zitadel.Session.V2.CreateSessionRequest
        {
            Checks = new() { User = new() { LoginName = loginName }, Password = new() { Password = Changed } },
        }, headers);
        Assert.False(session.PasswordChangeRequired);
    }

    [SkippableFact]
    public async Task An_org_user_manager_cannot_set_an_org_owners_password_on_either_method()
    {
        var (_, orgId, ownerId, loginName) = await UserWithInitialPasswordAsync();
        var org = factory.Rest(factory.AdminToken, orgId);
        await BodyAsync(await org.PostAsJsonAsync("/management/v1/orgs/me/members", new { userId = ownerId, roles = new[] { Roles.OrgOwner } }), HttpStatusCode.OK);
        var (_, manager) = await factory.CreateMachineCallerAsync(orgId, Roles.OrgUserManager);
        var rest = factory.Rest(manager, orgId);

        await ContractAssert.RestErrorAsync(
            await rest.PostAsJsonAsync($"/management/v1/users/{ownerId}/password", new { password = Changed, noChangeRequired = true }),
            HttpStatusCode.Forbidden, StatusCode.PermissionDenied, "AUTH-TargetOutranksCaller");
        await ContractAssert.RestErrorAsync(
            await rest.PostAsJsonAsync($"/v2/users/{ownerId}/password", new { newPassword = new { password = Changed } }),
            HttpStatusCode.Forbidden, StatusCode.PermissionDenied, "AUTH-TargetOutranksCaller");
        var v1 = await Assert.ThrowsAsync<RpcException>(() => factory.Grpc().SetHumanPasswordAsync(
            new V1.SetHumanPasswordRequest { UserId = ownerId, Password = Changed }, ApiFactory.Headers(manager, orgId)).ResponseAsync);
        ContractAssert.GrpcError(v1, StatusCode.PermissionDenied, "AUTH-TargetOutranksCaller");
        var v2 = await Assert.ThrowsAsync<RpcException>(() => factory.UsersV2().SetPasswordAsync(
            new SetPasswordRequest { UserId = ownerId, NewPassword = new Password { Password_ = Changed } }, ApiFactory.Headers(manager)).ResponseAsync);
        ContractAssert.GrpcError(v2, StatusCode.PermissionDenied, "AUTH-TargetOutranksCaller");

        // even with the owner's current password the manager is refused before it is checked
        var withCurrent = await Assert.ThrowsAsync<RpcException>(() => factory.UsersV2().SetPasswordAsync(
            new SetPasswordRequest { UserId = ownerId, NewPassword = new Password { Password_ = Changed }, CurrentPassword = Initial }, ApiFactory.Headers(manager)).ResponseAsync);
        ContractAssert.GrpcError(withCurrent, StatusCode.PermissionDenied, "AUTH-TargetOutranksCaller");

        // the owner's password is unchanged
        Assert.Equal(HttpStatusCode.Created, (await SignInAsync(factory.Rest(factory.AdminToken), loginName, Initial)).StatusCode);
    }

    [SkippableFact]
    public async Task A_weak_new_password_answers_the_policy_details_on_both_methods_and_protocols()
    {
        var (admin, orgId, userId, _) = await UserWithInitialPasswordAsync();
        string[] expected = ["POLICY-PasswordInvalid", "POLICY-MinLength", "POLICY-HasUppercase", "POLICY-HasNumber", "POLICY-HasSymbol", "POLICY-TooGuessable"];
        var org = factory.Rest(factory.AdminToken, orgId);

        var v1Rest = await org.PostAsJsonAsync($"/management/v1/users/{userId}/password", new { password = "weakpw" });
        Assert.Equal(expected, await ContractAssert.RestErrorAsync(v1Rest, HttpStatusCode.BadRequest, StatusCode.InvalidArgument, "POLICY-PasswordInvalid"));
        Assert.DoesNotContain("weakpw", await v1Rest.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var v2Rest = await admin.PostAsJsonAsync($"/v2/users/{userId}/password", new { newPassword = new { password = "weakpw" }, currentPassword = Initial });
        Assert.Equal(expected, await ContractAssert.RestErrorAsync(v2Rest, HttpStatusCode.BadRequest, StatusCode.InvalidArgument, "POLICY-PasswordInvalid"));

        var v1Grpc = await Assert.ThrowsAsync<RpcException>(() => factory.Grpc().SetHumanPasswordAsync(
            new V1.SetHumanPasswordRequest { UserId = userId, Password = "weakpw" }, ApiFactory.Headers(factory.AdminToken, orgId)).ResponseAsync);
        Assert.Equal(expected, ContractAssert.GrpcError(v1Grpc, StatusCode.InvalidArgument, "POLICY-PasswordInvalid"));
        var v2Grpc = await Assert.ThrowsAsync<RpcException>(() => factory.UsersV2().SetPasswordAsync(
            new SetPasswordRequest { UserId = userId, NewPassword = new Password { Password_ = "weakpw" } }, ApiFactory.Headers(factory.AdminToken)).ResponseAsync);
        Assert.Equal(expected, ContractAssert.GrpcError(v2Grpc, StatusCode.InvalidArgument, "POLICY-PasswordInvalid"));

        var user = await factory.UsersV2().GetUserByIDAsync(new GetUserByIDRequest { UserId = userId }, ApiFactory.Headers(factory.AdminToken));
        Assert.Equal(2ul, user.Details.Sequence);
    }

    private async Task<(HttpClient Admin, string OrgId, string UserId, string LoginName)> UserWithInitialPasswordAsync()
    {
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);
        var userId = (await Scenario.ImportAsync(admin, orgId, "daisy-" + Guid.NewGuid().ToString("N")[..8])).GetProperty("userId").GetString()!;
        Assert.True((await Scenario.SetInitialPasswordAsync(admin, userId, Initial, orgId)).IsSuccessStatusCode);
        var user = await BodyAsync(await factory.Rest(factory.AdminToken, orgId).GetAsync(new Uri($"/management/v1/users/{userId}", UriKind.Relative)), HttpStatusCode.OK);
        return (admin, orgId, userId, user.GetProperty("user").GetProperty("preferredLoginName").GetString()!);
    }

    private async Task AssertNoPasswordStoredAsync(string userId, params string[] passwords)
    {
        await using var scope = factory.ModuleServices.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        var payloads = await db.Events.AsNoTracking().Where(e => e.AggregateId == userId).Select(e => e.Payload).ToListAsync();
        payloads.AddRange(await db.OutboxMessages.AsNoTracking().Where(m => m.AggregateId == userId).Select(m => m.Payload).ToListAsync());
        Assert.NotEmpty(payloads);
        foreach (var password in passwords)
        {
            Assert.DoesNotContain(payloads, p => p.Contains(password, StringComparison.Ordinal));
        }
    }

    private static Task<HttpResponseMessage> SignInAsync(HttpClient client, string loginName, string password) =>
        client.PostAsJsonAsync("/v2/sessions", new { checks = new { user = new { loginName }, password = new { password } } });

    private static async Task<string> StateAsync(HttpClient org, string userId) =>
        (await BodyAsync(await org.GetAsync(new Uri($"/management/v1/users/{userId}", UriKind.Relative)), HttpStatusCode.OK)).GetProperty("user").GetProperty("state").GetString()!;

    private static async Task<JsonElement> BodyAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}

/// <summary>One hashing slot and no queue: a call that waited for a second slot while holding one would be refused.</summary>
public sealed class OneHashingSlotFactory : ApiFactory
{
    public OneHashingSlotFactory()
    {
        Settings["Identity:Limits:PasswordConcurrency"] = "1";
        Settings["Identity:Limits:PasswordQueue"] = "0";
    }
}

/// <summary>SetPassword with the current password verifies and hashes in the one slot it was admitted with.</summary>
public sealed class SetPasswordSlotTests(OneHashingSlotFactory factory) : IClassFixture<OneHashingSlotFactory>
{
    [Fact]
    public async Task With_one_hashing_slot_the_current_password_path_verifies_and_sets_in_that_slot()
    {
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);
        var userId = (await Scenario.ImportAsync(admin, orgId, "slot-" + Guid.NewGuid().ToString("N")[..8])).GetProperty("userId").GetString()!;
        Assert.True((await Scenario.SetInitialPasswordAsync(admin, userId, "Correct-Horse-7-Battery", orgId)).IsSuccessStatusCode);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var response = await admin.PostAsJsonAsync(
            $"/v2/users/{userId}/password", new { newPassword = new { password = "Sunny-Meadow-42!" }, currentPassword = "Correct-Horse-7-Battery" }, timeout.Token);

        var body = await response.Content.ReadAsStringAsync(timeout.Token);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
    }
}
