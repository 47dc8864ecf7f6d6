using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using Identity.Api.Tests.Support;
using Identity.Application.Abstractions;
using Identity.Domain.Access;
using Identity.Domain.Common;
using Identity.Domain.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zitadel.Management.V1;

namespace Identity.Api.Tests;

/// <summary>
/// The attacks of the trust review, replayed against the real host on REST and gRPC: a user manager
/// taking over owners and the instance, self-lockout, the last IAM_OWNER, what RemoveUser leaves
/// behind, token revocation, and org ids probed through <c>x-zitadel-orgid</c>.
/// </summary>
public sealed class SqliteTrustTests(ApiFactory factory) : TrustTests<ApiFactory>(factory);

public sealed class PostgresTrustTests(PostgresApiFactory factory) : TrustTests<PostgresApiFactory>(factory);

public abstract class TrustTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    private const string Denied = "AUTH-TargetOutranksCaller";

    [SkippableFact]
    public async Task A_user_manager_of_the_default_org_cannot_take_over_the_bootstrap_admin()
    {
        var adminToken = factory.Start();
        var grpc = factory.Grpc();
        var me = await grpc.GetMyOrgAsync(new GetMyOrgRequest(), ApiFactory.Headers(adminToken));
        var defaultOrg = me.Org.Id;
        var (_, managerToken) = await factory.CreateMachineCallerAsync(defaultOrg, Roles.OrgUserManager);
        var manager = factory.Rest(managerToken);

        // the manager can read the admin's id from the audit trail of a user the admin created ...
        var victim = (await Scenario.ImportAsync(factory.Rest(adminToken), defaultOrg, "victim-" + Guid.NewGuid().ToString("N")[..8])).GetProperty("userId").GetString()!;
        var changes = await Json(await manager.PostAsJsonAsync($"/management/v1/users/{victim}/changes/_search", new { }));
        var adminId = changes.GetProperty("result")[0].GetProperty("editorId").GetString()!;

        // ... but neither mint a token for it, nor lock, deactivate or remove it, on either protocol
        await ContractAssert.RestErrorAsync(await manager.PostAsJsonAsync($"/management/v1/users/{adminId}/pats", new { }), HttpStatusCode.Forbidden, StatusCode.PermissionDenied, Denied);
        foreach (var action in new[] { "_lock", "_deactivate" })
        {
            await ContractAssert.RestErrorAsync(await manager.PostAsJsonAsync($"/management/v1/users/{adminId}/{action}", new { }), HttpStatusCode.Forbidden, StatusCode.PermissionDenied, Denied);
        }

        await ContractAssert.RestErrorAsync(await manager.DeleteAsync(new Uri($"/management/v1/users/{adminId}", UriKind.Relative)), HttpStatusCode.Forbidden, StatusCode.PermissionDenied, Denied);
        var headers = ApiFactory.Headers(managerToken);
        ContractAssert.GrpcError(await Assert.ThrowsAsync<RpcException>(() => grpc.AddPersonalAccessTokenAsync(new AddPersonalAccessTokenRequest { UserId = adminId }, headers).ResponseAsync), StatusCode.PermissionDenied, Denied);
        ContractAssert.GrpcError(await Assert.ThrowsAsync<RpcException>(() => grpc.RemoveUserAsync(new RemoveUserRequest { Id = adminId }, headers).ResponseAsync), StatusCode.PermissionDenied, Denied);

        // the admin still works and has exactly the one token it started with
        Assert.Equal(defaultOrg, (await grpc.GetMyOrgAsync(new GetMyOrgRequest(), ApiFactory.Headers(adminToken))).Org.Id);
        var pats = await grpc.ListPersonalAccessTokensAsync(new ListPersonalAccessTokensRequest { UserId = adminId }, ApiFactory.Headers(adminToken));
        Assert.Equal(1ul, pats.Details.TotalResult);
    }

    [SkippableFact]
    public async Task A_user_manager_cannot_set_the_password_of_a_human_owner()
    {
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);
        var owner = (await Scenario.ImportAsync(admin, orgId, "owner")).GetProperty("userId").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await factory.Rest(factory.AdminToken, orgId).PostAsJsonAsync("/management/v1/orgs/me/members", new { userId = owner, roles = new[] { Roles.OrgOwner } })).StatusCode);
        var (_, managerToken) = await factory.CreateMachineCallerAsync(orgId, Roles.OrgUserManager);

        await ContractAssert.RestErrorAsync(await Scenario.SetInitialPasswordAsync(factory.Rest(managerToken), owner, "Sunny-Meadow-42!"),
            HttpStatusCode.Forbidden, StatusCode.PermissionDenied, Denied);
        ContractAssert.GrpcError(await Assert.ThrowsAsync<RpcException>(() => factory.Grpc().SetHumanInitialPasswordAsync(
            new SetHumanInitialPasswordRequest { UserId = owner, Password = "Sunny-Meadow-42!" }, ApiFactory.Headers(managerToken)).ResponseAsync), StatusCode.PermissionDenied, Denied);
        var user = await Json(await admin.SendAsync(Get($"/management/v1/users/{owner}", orgId)));
        Assert.Equal("USER_STATE_INITIAL", user.GetProperty("user").GetProperty("state").GetString());
    }

    [SkippableTheory]
    [InlineData("_lock")]
    [InlineData("_deactivate")]
    [InlineData("")]
    public async Task A_caller_cannot_lock_deactivate_or_remove_itself(string action)
    {
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);
        var (selfId, selfToken) = await factory.CreateMachineCallerAsync(orgId, Roles.OrgOwner);
        var self = factory.Rest(selfToken);

        var response = action.Length == 0
            ? await self.DeleteAsync(new Uri($"/management/v1/users/{selfId}", UriKind.Relative))
            : await self.PostAsJsonAsync($"/management/v1/users/{selfId}/{action}", new { });
        await ContractAssert.RestErrorAsync(response, HttpStatusCode.BadRequest, StatusCode.FailedPrecondition, "USER-CannotLockOutSelf");
        var grpc = factory.Grpc();
        var headers = ApiFactory.Headers(selfToken);
        Task call = action switch
        {
            "_lock" => grpc.LockUserAsync(new LockUserRequest { Id = selfId }, headers).ResponseAsync,
            "_deactivate" => grpc.DeactivateUserAsync(new DeactivateUserRequest { Id = selfId }, headers).ResponseAsync,
            _ => grpc.RemoveUserAsync(new RemoveUserRequest { Id = selfId }, headers).ResponseAsync,
        };
        ContractAssert.GrpcError(await Assert.ThrowsAsync<RpcException>(() => call), StatusCode.FailedPrecondition, "USER-CannotLockOutSelf");

        Assert.Equal(orgId, (await grpc.GetMyOrgAsync(new GetMyOrgRequest(), headers)).Org.Id);
    }

    /// <summary>
    /// Two IAM_OWNERs that lock each other at the same moment: each call alone leaves the other owner,
    /// but both together would leave none. Whatever the interleaving, at most one succeeds.
    /// </summary>
    [SkippableFact]
    public async Task Two_iam_owners_locking_each_other_at_once_never_leave_the_instance_without_one()
    {
        factory.Start();
        var adminOrg = (await factory.Grpc().GetMyOrgAsync(new GetMyOrgRequest(), ApiFactory.Headers(factory.AdminToken))).Org.Id;
        try
        {
            for (var round = 0; round < 8; round++)
            {
                var (a, tokenA) = await CreateIamOwnerAsync(adminOrg);
                var (b, tokenB) = await CreateIamOwnerAsync(adminOrg);
                await SetActiveIamOwnersAsync(keepActive: [a, b]);

                var answers = await Task.WhenAll(
                    factory.Rest(tokenB).PostAsJsonAsync($"/management/v1/users/{a}/_lock", new { }),
                    factory.Rest(tokenA).PostAsJsonAsync($"/management/v1/users/{b}/_lock", new { }));

                Assert.True(answers.Count(r => r.StatusCode == HttpStatusCode.OK) <= 1, string.Join(", ", answers.Select(r => r.StatusCode)));
                foreach (var refused in answers.Where(r => r.StatusCode != HttpStatusCode.OK))
                {
                    var body = await refused.Content.ReadAsStringAsync();
                    Assert.True(body.Contains("USER-LastIamOwner", StringComparison.Ordinal) || body.Contains("AUTH-Unauthenticated", StringComparison.Ordinal), body);
                }

                await using var check = factory.ModuleServices.CreateAsyncScope();
                var stored = await check.ServiceProvider.GetRequiredService<IUserRepository>().FindManyAsync([new UserId(a), new UserId(b)], default);
                Assert.Contains(stored, u => u.State == UserState.Active);
            }
        }
        finally
        {
            await SetActiveIamOwnersAsync(keepActive: [], unlock: true);
        }
    }

    [SkippableFact]
    public async Task Remove_user_deletes_its_memberships_and_tokens_in_the_same_transaction()
    {
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);
        var (botId, botToken) = await factory.CreateMachineCallerAsync(orgId, Roles.OrgUserManager);
        var before = await Json(await admin.SendAsync(Get("/management/v1/orgs/me", orgId)));

        Assert.Equal(HttpStatusCode.OK, (await factory.Rest(factory.AdminToken, orgId).DeleteAsync(new Uri($"/management/v1/users/{botId}", UriKind.Relative))).StatusCode);

        await ContractAssert.RestErrorAsync(await factory.Rest(botToken).GetAsync(new Uri("/management/v1/orgs/me", UriKind.Relative)), HttpStatusCode.Unauthorized, StatusCode.Unauthenticated, "AUTH-Unauthenticated");
        await using var scope = factory.ModuleServices.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        Assert.Empty(await sp.GetRequiredService<IMembershipRepository>().ListOfUserAsync(new UserId(botId), default));
        Assert.Empty(await sp.GetRequiredService<IPersonalAccessTokenRepository>().AllOfUserAsync(new UserId(botId), default));
        var after = await Json(await admin.SendAsync(Get("/management/v1/orgs/me", orgId)));
        Assert.Equal(
            long.Parse(before.GetProperty("org").GetProperty("details").GetProperty("sequence").GetString()!, System.Globalization.CultureInfo.InvariantCulture) + 1,
            long.Parse(after.GetProperty("org").GetProperty("details").GetProperty("sequence").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [SkippableFact]
    public async Task Tokens_are_listed_and_read_without_their_value_and_a_removed_token_answers_401()
    {
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);
        var owner = factory.Rest(factory.AdminToken, orgId);
        var bot = (await Json(await owner.PostAsJsonAsync("/management/v1/users/machine", new { userName = "bot", name = "Bot" }))).GetProperty("userId").GetString()!;
        var expiry = new DateTimeOffset(2031, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var first = await Json(await owner.PostAsJsonAsync($"/management/v1/users/{bot}/pats", new { expirationDate = expiry }));
        var second = await Json(await owner.PostAsJsonAsync($"/management/v1/users/{bot}/pats", new { }));
        var firstId = first.GetProperty("tokenId").GetString()!;
        var secondToken = second.GetProperty("token").GetString()!;

        var listBody = await (await owner.PostAsJsonAsync($"/management/v1/users/{bot}/pats/_search", new { query = new { asc = true } })).Content.ReadAsStringAsync();
        var list = JsonDocument.Parse(listBody).RootElement;
        Assert.Equal("2", list.GetProperty("details").GetProperty("totalResult").GetString());
        Assert.Equal(firstId, list.GetProperty("result")[0].GetProperty("id").GetString());
        Assert.Equal("2031-01-02T03:04:05Z", list.GetProperty("result")[0].GetProperty("expirationDate").GetString());
        Assert.Equal("2", list.GetProperty("result")[0].GetProperty("details").GetProperty("sequence").GetString());
        Assert.Equal(orgId, list.GetProperty("result")[0].GetProperty("details").GetProperty("resourceOwner").GetString());
        Assert.DoesNotContain(first.GetProperty("token").GetString()!, listBody, StringComparison.Ordinal);
        Assert.DoesNotContain(secondToken, listBody, StringComparison.Ordinal);
        var page = await Json(await owner.PostAsJsonAsync($"/management/v1/users/{bot}/pats/_search", new { query = new { limit = 1, offset = 1, asc = true } }));
        Assert.Equal(second.GetProperty("tokenId").GetString(), Assert.Single(page.GetProperty("result").EnumerateArray()).GetProperty("id").GetString());
        await ContractAssert.RestErrorAsync(await owner.PostAsJsonAsync($"/management/v1/users/{bot}/pats/_search", new { query = new { limit = 1001 } }), HttpStatusCode.BadRequest, StatusCode.InvalidArgument, "VALIDATION-InvalidArgument");

        var read = await Json(await owner.SendAsync(Get($"/management/v1/users/{bot}/pats/{firstId}", null)));
        Assert.Equal(firstId, read.GetProperty("token").GetProperty("id").GetString());
        var grpc = factory.Grpc();
        var headers = ApiFactory.Headers(factory.AdminToken, orgId);
        Assert.Equal(firstId, (await grpc.GetPersonalAccessTokenByIDsAsync(new GetPersonalAccessTokenByIDsRequest { UserId = bot, TokenId = firstId }, headers)).Token.Id);
        ContractAssert.GrpcError(await Assert.ThrowsAsync<RpcException>(() => grpc.GetPersonalAccessTokenByIDsAsync(new GetPersonalAccessTokenByIDsRequest { UserId = bot, TokenId = "404" }, headers).ResponseAsync),
            StatusCode.NotFound, "USER-TokenNotFound");

        // the second token works, is revoked over gRPC, and answers 401 on its next call
        Assert.Equal(HttpStatusCode.OK, (await owner.PostAsJsonAsync("/management/v1/orgs/me/members", new { userId = bot, roles = new[] { Roles.OrgUserManager } })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await factory.Rest(secondToken).GetAsync(new Uri($"/management/v1/users/{bot}", UriKind.Relative))).StatusCode);
        var removed = await grpc.RemovePersonalAccessTokenAsync(new RemovePersonalAccessTokenRequest { UserId = bot, TokenId = second.GetProperty("tokenId").GetString()! }, headers);
        Assert.Equal(4ul, removed.Details.Sequence);
        await ContractAssert.RestErrorAsync(await factory.Rest(secondToken).GetAsync(new Uri($"/management/v1/users/{bot}", UriKind.Relative)), HttpStatusCode.Unauthorized, StatusCode.Unauthenticated, "AUTH-Unauthenticated");
        await ContractAssert.RestErrorAsync(await owner.DeleteAsync(new Uri($"/management/v1/users/{bot}/pats/{second.GetProperty("tokenId").GetString()}", UriKind.Relative)),
            HttpStatusCode.NotFound, StatusCode.NotFound, "USER-TokenNotFound");
        Assert.Equal(HttpStatusCode.OK, (await owner.DeleteAsync(new Uri($"/management/v1/users/{bot}/pats/{firstId}", UriKind.Relative))).StatusCode);
        var empty = await Json(await owner.PostAsJsonAsync($"/management/v1/users/{bot}/pats/_search", new { }));
        Assert.False(empty.TryGetProperty("result", out var result) && result.GetArrayLength() > 0);
        var changes = await Json(await owner.PostAsJsonAsync($"/management/v1/users/{bot}/changes/_search", new { query = new { asc = true } }));
        Assert.Equal(
            ["user.machine.added", "user.personal.access.token.added", "user.personal.access.token.added", "user.personal.access.token.removed", "user.personal.access.token.removed"],
            changes.GetProperty("result").EnumerateArray().Select(c => c.GetProperty("eventType").GetProperty("key").GetString()));
    }

    [SkippableFact]
    public async Task Tokens_of_a_user_of_another_org_are_not_found()
    {
        var admin = factory.Rest(factory.Start());
        var orgA = await Scenario.AddOrgAsync(admin);
        var orgB = await Scenario.AddOrgAsync(admin);
        var (botB, _) = await factory.CreateMachineCallerAsync(orgB, Roles.OrgUserManager);
        var (_, ownerOfA) = await factory.CreateMachineCallerAsync(orgA, Roles.OrgOwner);

        await ContractAssert.RestErrorAsync(await factory.Rest(ownerOfA).PostAsJsonAsync($"/management/v1/users/{botB}/pats/_search", new { }), HttpStatusCode.NotFound, StatusCode.NotFound, "USER-NotFound");
        await ContractAssert.RestErrorAsync(await factory.Rest(ownerOfA).DeleteAsync(new Uri($"/management/v1/users/{botB}/pats/1", UriKind.Relative)), HttpStatusCode.NotFound, StatusCode.NotFound, "USER-NotFound");
    }

    /// <summary>Naming an org where the caller holds no role answers byte for byte like naming one that does not exist.</summary>
    [SkippableFact]
    public async Task An_org_where_the_caller_has_no_role_looks_exactly_like_an_unknown_org()
    {
        var admin = factory.Rest(factory.Start());
        var orgA = await Scenario.AddOrgAsync(admin);
        var orgB = await Scenario.AddOrgAsync(admin);
        var (_, ownerOfA) = await factory.CreateMachineCallerAsync(orgA, Roles.OrgOwner);
        var client = factory.Rest(ownerOfA);

        var existing = await client.SendAsync(Get("/management/v1/orgs/me", orgB));
        var unknown = await client.SendAsync(Get("/management/v1/orgs/me", "999999999999"));

        Assert.Equal(unknown.StatusCode, existing.StatusCode);
        Assert.Equal(await unknown.Content.ReadAsStringAsync(), await existing.Content.ReadAsStringAsync());
        await ContractAssert.RestErrorAsync(existing, HttpStatusCode.Forbidden, StatusCode.PermissionDenied, "AUTH-OrgNotFound");
        var grpc = factory.Grpc();
        var a = await Assert.ThrowsAsync<RpcException>(() => grpc.GetMyOrgAsync(new GetMyOrgRequest(), ApiFactory.Headers(ownerOfA, orgB)).ResponseAsync);
        var b = await Assert.ThrowsAsync<RpcException>(() => grpc.GetMyOrgAsync(new GetMyOrgRequest(), ApiFactory.Headers(ownerOfA, "999999999999")).ResponseAsync);
        Assert.Equal(b.Status, a.Status);
        Assert.Equal(b.GetRpcStatus()!.ToString(), a.GetRpcStatus()!.ToString());
    }

    private static HttpRequestMessage Get(string path, string? orgId)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (orgId is not null)
        {
            request.Headers.Add("x-zitadel-orgid", orgId);
        }

        return request;
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private async Task<(string UserId, string Token)> CreateIamOwnerAsync(string orgId)
    {
        var (id, token) = await factory.CreateMachineCallerAsync(orgId, Roles.OrgOwner);
        await using var scope = factory.ModuleServices.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<IMembershipRepository>().Add(Membership.ForInstance(new UserId(id), DateTimeOffset.UtcNow));
        await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(default);
        return (id, token);
    }

    /// <summary>
    /// The test's arrangement, straight in the database (not an API path): locks every active IAM_OWNER
    /// but <paramref name="keepActive"/>, or with <paramref name="unlock"/> unlocks the locked ones again.
    /// </summary>
    private async Task SetActiveIamOwnersAsync(string[] keepActive, bool unlock = false)
    {
        await using var scope = factory.ModuleServices.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Identity.Infrastructure.Persistence.IdentityDbContext>();
        var owners = await db.Memberships.Where(m => m.Scope == Membership.InstanceScope).Select(m => m.UserId).ToListAsync();
        var users = await db.Users.Where(u => owners.Contains(u.Id)).ToListAsync();
        foreach (var user in users)
        {
            if (unlock && user.State == UserState.Locked)
            {
                user.Unlock(DateTimeOffset.UtcNow, "test");
            }
            else if (!unlock && user.State == UserState.Active && !keepActive.Contains(user.Id.Value))
            {
                user.Lock(DateTimeOffset.UtcNow, "test");
            }
        }

        await db.SaveChangesAsync();
    }
}
