using System.Net;
using System.Text;
using System.Text.Json;
using Grpc.Core;
using Identity.Api.Tests.Support;
using Identity.Domain.Access;
using Zitadel.Management.V1;

namespace Identity.Api.Tests;

/// <summary>The headline call through the real host, over REST (JSON transcoding) and native gRPC.</summary>
public sealed class SqliteSetHumanInitialPasswordTests(ApiFactory factory) : SetHumanInitialPasswordTests<ApiFactory>(factory);

public sealed class PostgresSetHumanInitialPasswordTests(PostgresApiFactory factory) : SetHumanInitialPasswordTests<PostgresApiFactory>(factory);

public abstract class SetHumanInitialPasswordTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    private const string GoodPassword = "Sunny-Meadow-42!";

    [SkippableFact]
    public async Task Rest_success_answers_the_seed_shape_with_the_sequence_as_a_string()
    {
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);
        var imported = await Scenario.ImportAsync(admin, orgId, "daisy");
        var userId = imported.GetProperty("userId").GetString()!;
        var created = imported.GetProperty("details").GetProperty("creationDate").GetString();

        var response = await Scenario.SetInitialPasswordAsync(admin, userId, GoodPassword, orgId);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        Assert.Equal(["details"], root.EnumerateObject().Select(p => p.Name));
        var details = root.GetProperty("details");
        Assert.Equal(["sequence", "creationDate", "changeDate", "resourceOwner"], details.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.String, details.GetProperty("sequence").ValueKind);
        Assert.Equal("2", details.GetProperty("sequence").GetString());
        Assert.Equal(created, details.GetProperty("creationDate").GetString());
        Assert.True(details.GetProperty("changeDate").GetDateTimeOffset() >= details.GetProperty("creationDate").GetDateTimeOffset());
        Assert.EndsWith("Z", details.GetProperty("changeDate").GetString(), StringComparison.Ordinal);
        Assert.Equal(orgId, details.GetProperty("resourceOwner").GetString());
        Assert.DoesNotContain(GoodPassword, body, StringComparison.Ordinal);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/management/v1/users/{userId}") { Headers = { { "x-zitadel-orgid", orgId } } };
        var user = JsonDocument.Parse(await (await admin.SendAsync(request)).Content.ReadAsStringAsync()).RootElement.GetProperty("user");
        Assert.Equal("USER_STATE_ACTIVE", user.GetProperty("state").GetString());
        Assert.Equal("2", user.GetProperty("details").GetProperty("sequence").GetString());
        Assert.Equal(details.GetProperty("changeDate").GetString(), user.GetProperty("human").GetProperty("passwordChanged").GetString());
    }

    [SkippableFact]
    public async Task Grpc_success_answers_details_and_moves_an_initial_user_to_active()
    {
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);
        var userId = (await Scenario.ImportAsync(admin, orgId, "donald")).GetProperty("userId").GetString()!;
        var grpc = factory.Grpc();
        var headers = ApiFactory.Headers(factory.AdminToken, orgId);

        var before = await grpc.GetUserByIDAsync(new GetUserByIDRequest { Id = userId }, headers);
        var first = await grpc.SetHumanInitialPasswordAsync(new SetHumanInitialPasswordRequest { UserId = userId, Password = GoodPassword }, headers);
        var second = await grpc.SetHumanInitialPasswordAsync(new SetHumanInitialPasswordRequest { UserId = userId, Password = "Other-Meadow-43!" }, headers);
        var after = await grpc.GetUserByIDAsync(new GetUserByIDRequest { Id = userId }, headers);

        Assert.Equal(Zitadel.User.V1.UserState.Initial, before.User.State);
        Assert.Null(before.User.Human.PasswordChanged);
        Assert.Equal(2ul, first.Details.Sequence);
        Assert.Equal(3ul, second.Details.Sequence);
        Assert.Equal(orgId, first.Details.ResourceOwner);
        Assert.Equal(before.User.Details.CreationDate, first.Details.CreationDate);
        Assert.Equal(Zitadel.User.V1.UserState.Active, after.User.State);
        Assert.Equal(second.Details.ChangeDate, after.User.Human.PasswordChanged);
        Assert.Equal(3ul, after.User.Details.Sequence);
    }

    [SkippableFact]
    public async Task Without_a_token_or_with_a_bad_one_the_call_is_unauthenticated()
    {
        factory.Start();
        foreach (var token in new[] { null, "not-a-token", factory.AdminToken + "x" })
        {
            var response = await Scenario.SetInitialPasswordAsync(factory.Rest(token), "123", GoodPassword);
            await ContractAssert.RestErrorAsync(response, HttpStatusCode.Unauthorized, StatusCode.Unauthenticated, "AUTH-Unauthenticated");

            var ex = await Assert.ThrowsAsync<RpcException>(() => factory.Grpc().SetHumanInitialPasswordAsync(
                new SetHumanInitialPasswordRequest { UserId = "123", Password = GoodPassword }, ApiFactory.Headers(token)).ResponseAsync);
            ContractAssert.GrpcError(ex, StatusCode.Unauthenticated, "AUTH-Unauthenticated");
        }
    }

    [SkippableFact]
    public async Task A_caller_without_rights_in_the_named_org_is_denied()
    {
        var admin = factory.Rest(factory.Start());
        var orgA = await Scenario.AddOrgAsync(admin);
        var orgB = await Scenario.AddOrgAsync(admin);
        var userInB = (await Scenario.ImportAsync(admin, orgB, "goofy")).GetProperty("userId").GetString()!;
        var (_, ownerOfA) = await factory.CreateMachineCallerAsync(orgA, Roles.OrgOwner);
        var (_, viewerOfB) = await factory.CreateMachineCallerAsync(orgB, Roles.OrgOwnerViewer);

        // an org where the caller holds no role answers like an org that does not exist
        await ContractAssert.RestErrorAsync(
            await Scenario.SetInitialPasswordAsync(factory.Rest(ownerOfA), userInB, GoodPassword, orgB),
            HttpStatusCode.Forbidden, StatusCode.PermissionDenied, "AUTH-OrgNotFound");
        await ContractAssert.RestErrorAsync(
            await Scenario.SetInitialPasswordAsync(factory.Rest(viewerOfB), userInB, GoodPassword),
            HttpStatusCode.Forbidden, StatusCode.PermissionDenied, "AUTH-PermissionDenied");
        var ex = await Assert.ThrowsAsync<RpcException>(() => factory.Grpc().SetHumanInitialPasswordAsync(
            new SetHumanInitialPasswordRequest { UserId = userInB, Password = GoodPassword }, ApiFactory.Headers(ownerOfA, orgB)).ResponseAsync);
        ContractAssert.GrpcError(ex, StatusCode.PermissionDenied, "AUTH-OrgNotFound");
    }

    [SkippableFact]
    public async Task An_unknown_org_header_is_denied_as_a_missing_organisation()
    {
        var admin = factory.Rest(factory.Start());
        var response = await Scenario.SetInitialPasswordAsync(admin, "123", GoodPassword, "999999999");

        await ContractAssert.RestErrorAsync(response, HttpStatusCode.Forbidden, StatusCode.PermissionDenied, "AUTH-OrgNotFound");
        Assert.Contains("Organisation doesn't exist", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_user_of_another_org_is_not_found_and_not_revealed()
    {
        var admin = factory.Rest(factory.Start());
        var orgA = await Scenario.AddOrgAsync(admin);
        var orgB = await Scenario.AddOrgAsync(admin);
        var userInB = (await Scenario.ImportAsync(admin, orgB, "pluto")).GetProperty("userId").GetString()!;

        var inOtherOrg = await Scenario.SetInitialPasswordAsync(admin, userInB, GoodPassword, orgA);
        var absent = await Scenario.SetInitialPasswordAsync(admin, "404404404", GoodPassword, orgA);

        await ContractAssert.RestErrorAsync(inOtherOrg, HttpStatusCode.NotFound, StatusCode.NotFound, "USER-NotFound");
        await ContractAssert.RestErrorAsync(absent, HttpStatusCode.NotFound, StatusCode.NotFound, "USER-NotFound");
        Assert.Equal(await absent.Content.ReadAsStringAsync(), await inOtherOrg.Content.ReadAsStringAsync());
        var ex = await Assert.ThrowsAsync<RpcException>(() => factory.Grpc().SetHumanInitialPasswordAsync(
            new SetHumanInitialPasswordRequest { UserId = userInB, Password = GoodPassword }, ApiFactory.Headers(factory.AdminToken, orgA)).ResponseAsync);
        ContractAssert.GrpcError(ex, StatusCode.NotFound, "USER-NotFound");
    }

    [SkippableFact]
    public async Task A_weak_password_is_refused_with_every_violation_and_without_echo()
    {
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);
        var userId = (await Scenario.ImportAsync(admin, orgId, "scrooge")).GetProperty("userId").GetString()!;
        string[] expected = ["POLICY-PasswordInvalid", "POLICY-MinLength", "POLICY-HasUppercase", "POLICY-HasNumber", "POLICY-HasSymbol", "POLICY-TooGuessable"];

        var response = await Scenario.SetInitialPasswordAsync(admin, userId, "weakpw", orgId);
        var ids = await ContractAssert.RestErrorAsync(response, HttpStatusCode.BadRequest, StatusCode.InvalidArgument, "POLICY-PasswordInvalid");
        Assert.Equal(expected, ids);
        Assert.DoesNotContain("weakpw", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var ex = await Assert.ThrowsAsync<RpcException>(() => factory.Grpc().SetHumanInitialPasswordAsync(
            new SetHumanInitialPasswordRequest { UserId = userId, Password = "weakpw" }, ApiFactory.Headers(factory.AdminToken, orgId)).ResponseAsync);
        Assert.Equal(expected, ContractAssert.GrpcError(ex, StatusCode.InvalidArgument, "POLICY-PasswordInvalid"));

        var user = await factory.Grpc().GetUserByIDAsync(new GetUserByIDRequest { Id = userId }, ApiFactory.Headers(factory.AdminToken, orgId));
        Assert.Equal(1ul, user.User.Details.Sequence);
    }

    [SkippableFact]
    public async Task Request_shape_violations_are_all_reported()
    {
        var admin = factory.Rest(factory.Start());
        var response = await Scenario.SetInitialPasswordAsync(admin, new string('9', 201), new string('a', 73));

        var ids = await ContractAssert.RestErrorAsync(response, HttpStatusCode.BadRequest, StatusCode.InvalidArgument, "VALIDATION-InvalidArgument");
        Assert.Equal(["VALIDATION-InvalidArgument", "USER-UserIdInvalid", "USER-PasswordLength"], ids);
    }

    [SkippableFact]
    public async Task A_machine_user_cannot_get_a_password()
    {
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);
        var (machineId, _) = await factory.CreateMachineCallerAsync(orgId);

        var response = await Scenario.SetInitialPasswordAsync(admin, machineId, GoodPassword, orgId);

        await ContractAssert.RestErrorAsync(response, HttpStatusCode.BadRequest, StatusCode.FailedPrecondition, "USER-NotHuman");
    }

    [SkippableFact]
    public async Task Malformed_json_is_an_invalid_argument_in_the_contract_shape()
    {
        var admin = factory.Rest(factory.Start());
        using var content = new StringContent("{\"password\": ", Encoding.UTF8, "application/json");

        var response = await admin.PostAsync(new Uri("/management/v1/users/123/password/_initialize", UriKind.Relative), content);

        await ContractAssert.RestErrorAsync(response, HttpStatusCode.BadRequest, StatusCode.InvalidArgument, "API-InvalidRequest");
    }

    [SkippableFact]
    public async Task Unknown_routes_and_methods_answer_in_the_contract_shape()
    {
        var admin = factory.Rest(factory.Start());

        await ContractAssert.RestErrorAsync(await admin.GetAsync(new Uri("/management/v1/nothing-here", UriKind.Relative)), HttpStatusCode.NotFound, StatusCode.NotFound, "API-RouteNotFound");
        await ContractAssert.RestErrorAsync(await admin.GetAsync(new Uri("/elsewhere", UriKind.Relative)), HttpStatusCode.NotFound, StatusCode.NotFound, "API-RouteNotFound");
        
        // A known path with a method it does not serve falls to the same answer (the standalone host's fallback).
        await ContractAssert.RestErrorAsync(await admin.DeleteAsync(new Uri("/management/v1/orgs", UriKind.Relative)), HttpStatusCode.NotFound, StatusCode.NotFound, "API-RouteNotFound");
    }
}
