using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Identity.Api.Tests.Support;
using Zitadel.Management.V1;

namespace Identity.Api.Tests;

/// <summary>Machine users, personal access tokens and org members: least-privilege automation.</summary>
public sealed class SqliteAccessTests(ApiFactory factory) : AccessTests<ApiFactory>(factory);

public sealed class PostgresAccessTests(PostgresApiFactory factory) : AccessTests<PostgresApiFactory>(factory);

public abstract class AccessTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    [SkippableFact]
    public async Task An_org_owner_creates_a_least_privilege_machine_user_that_sets_initial_passwords()
    {
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);
        var owner = factory.Rest(factory.AdminToken, orgId);

        var machine = await Json(await owner.PostAsJsonAsync("/management/v1/users/machine", new { userName = "provisioner", name = "Provisioning bot", description = "sets initial passwords" }));
        var machineId = machine.GetProperty("userId").GetString()!;
        var pat = await Json(await owner.PostAsJsonAsync($"/management/v1/users/{machineId}/pats", new { expirationDate = DateTimeOffset.UtcNow.AddDays(30) }));
        var token = pat.GetProperty("token").GetString()!;
        Assert.Equal("2", pat.GetProperty("details").GetProperty("sequence").GetString());
        Assert.Equal(43, token.Length);
        var member = await Json(await owner.PostAsJsonAsync("/management/v1/orgs/me/members", new { userId = machineId, roles = new[] { "ORG_USER_MANAGER" } }));
        Assert.Equal("2", member.GetProperty("details").GetProperty("sequence").GetString());

        var bot = factory.Rest(token);
        var userId = (await Scenario.ImportAsync(bot, orgId, "webby")).GetProperty("userId").GetString()!;
        var set = await Scenario.SetInitialPasswordAsync(bot, userId, "Sunny-Meadow-42!");
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);

        await ContractAssert.RestErrorAsync(await bot.PostAsJsonAsync("/management/v1/policies/password/complexity", new { minLength = 9 }),
            HttpStatusCode.Forbidden, StatusCode.PermissionDenied, "AUTH-PermissionDenied");
        await ContractAssert.RestErrorAsync(await bot.PostAsJsonAsync("/management/v1/orgs/me/members", new { userId, roles = new[] { "ORG_OWNER" } }),
            HttpStatusCode.Forbidden, StatusCode.PermissionDenied, "AUTH-PermissionDenied");
    }

    [SkippableFact]
    public async Task Tokens_are_only_for_machine_users_and_expire()
    {
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);
        var grpc = factory.Grpc();
        var headers = ApiFactory.Headers(factory.AdminToken, orgId);
        var human = (await Scenario.ImportAsync(admin, orgId, "launchpad")).GetProperty("userId").GetString()!;
        var machine = await grpc.AddMachineUserAsync(new AddMachineUserRequest { UserName = "short-lived", Name = "Short lived" }, headers);

        var forHuman = await Assert.ThrowsAsync<RpcException>(() => grpc.AddPersonalAccessTokenAsync(new AddPersonalAccessTokenRequest { UserId = human }, headers).ResponseAsync);
        ContractAssert.GrpcError(forHuman, StatusCode.FailedPrecondition, "USER-TokenMachineOnly");
        var past = await Assert.ThrowsAsync<RpcException>(() => grpc.AddPersonalAccessTokenAsync(
            new AddPersonalAccessTokenRequest { UserId = machine.UserId, ExpirationDate = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddMinutes(-1)) }, headers).ResponseAsync);
        ContractAssert.GrpcError(past, StatusCode.InvalidArgument, "USER-TokenExpirationPast");

        var pat = await grpc.AddPersonalAccessTokenAsync(
            new AddPersonalAccessTokenRequest { UserId = machine.UserId, ExpirationDate = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddSeconds(2)) }, headers);
        await grpc.AddOrgMemberAsync(new AddOrgMemberRequest { UserId = machine.UserId, Roles = { "ORG_OWNER_VIEWER" } }, headers);
        var me = await grpc.GetMyOrgAsync(new GetMyOrgRequest(), ApiFactory.Headers(pat.Token));
        Assert.Equal(orgId, me.Org.Id);

        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var expired = await Assert.ThrowsAsync<RpcException>(() => grpc.GetMyOrgAsync(new GetMyOrgRequest(), ApiFactory.Headers(pat.Token)).ResponseAsync);
        Assert.Equal(
            ContractAssert.GrpcError(expired, StatusCode.Unauthenticated, "AUTH-Unauthenticated"),
            ContractAssert.GrpcError(await Assert.ThrowsAsync<RpcException>(() => grpc.GetMyOrgAsync(new GetMyOrgRequest(), ApiFactory.Headers("unknown-token")).ResponseAsync), StatusCode.Unauthenticated, "AUTH-Unauthenticated"));
        Assert.Equal(expired.Status.Detail, (await Assert.ThrowsAsync<RpcException>(() => grpc.GetMyOrgAsync(new GetMyOrgRequest(), ApiFactory.Headers("unknown-token")).ResponseAsync)).Status.Detail);
    }

    [SkippableFact]
    public async Task Members_are_validated_and_added_once()
    {
        var admin = factory.Rest(factory.Start());
        var orgA = await Scenario.AddOrgAsync(admin);
        var orgB = await Scenario.AddOrgAsync(admin);
        var owner = factory.Rest(factory.AdminToken, orgA);
        var userA = (await Scenario.ImportAsync(admin, orgA, "gyro")).GetProperty("userId").GetString()!;
        var userB = (await Scenario.ImportAsync(admin, orgB, "gyro")).GetProperty("userId").GetString()!;

        var unknownRole = await owner.PostAsJsonAsync("/management/v1/orgs/me/members", new { userId = userA, roles = new[] { "ORG_SUPERHERO" } });
        Assert.Contains("MEMBER-RoleInvalid", await ContractAssert.RestErrorAsync(unknownRole, HttpStatusCode.BadRequest, StatusCode.InvalidArgument, "VALIDATION-InvalidArgument"));
        var iamRole = await owner.PostAsJsonAsync("/management/v1/orgs/me/members", new { userId = userA, roles = new[] { "IAM_OWNER" } });
        Assert.Contains("MEMBER-RoleInvalid", await ContractAssert.RestErrorAsync(iamRole, HttpStatusCode.BadRequest, StatusCode.InvalidArgument, "VALIDATION-InvalidArgument"));
        await ContractAssert.RestErrorAsync(await owner.PostAsJsonAsync("/management/v1/orgs/me/members", new { userId = userB, roles = new[] { "ORG_OWNER" } }),
            HttpStatusCode.NotFound, StatusCode.NotFound, "USER-NotFound");

        Assert.Equal(HttpStatusCode.OK, (await owner.PostAsJsonAsync("/management/v1/orgs/me/members", new { userId = userA, roles = new[] { "ORG_OWNER_VIEWER" } })).StatusCode);
        await ContractAssert.RestErrorAsync(await owner.PostAsJsonAsync("/management/v1/orgs/me/members", new { userId = userA, roles = new[] { "ORG_OWNER" } }),
            HttpStatusCode.Conflict, StatusCode.AlreadyExists, "MEMBER-AlreadyExists");
    }

    [SkippableFact]
    public async Task Machine_user_names_and_ids_are_unique()
    {
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);
        var owner = factory.Rest(factory.AdminToken, orgId);
        var customId = "bot-" + Guid.NewGuid().ToString("N");

        var created = await Json(await owner.PostAsJsonAsync("/management/v1/users/machine", new { userName = "robo", name = "Robo", userId = customId }));
        Assert.Equal(customId, created.GetProperty("userId").GetString());
        await ContractAssert.RestErrorAsync(await owner.PostAsJsonAsync("/management/v1/users/machine", new { userName = "ROBO", name = "Robo" }),
            HttpStatusCode.Conflict, StatusCode.AlreadyExists, "USER-UserNameTaken");
        await ContractAssert.RestErrorAsync(await owner.PostAsJsonAsync("/management/v1/users/machine", new { userName = "robo2", name = "Robo", userId = customId }),
            HttpStatusCode.Conflict, StatusCode.AlreadyExists, "USER-IdTaken");
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
