using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using Identity.Api.Tests.Support;
using Identity.Domain.Access;
using Zitadel.User.V2;

namespace Identity.Api.Tests;

/// <summary>
/// zitadel.user.v2.UserService/GetUserByID through the real host, on REST (<c>GET /v2/users/{user_id}</c>) and
/// gRPC: the v2 shape (details also inside the user, v2 state numbers, the change-required flag), the org
/// taken from the user (x-zitadel-orgid plays no role), and the identical 404 for unknown users and users
/// where the caller holds no role.
/// </summary>
public sealed class SqliteUserV2Tests(ApiFactory factory) : UserV2Tests<ApiFactory>(factory);

public sealed class PostgresUserV2Tests(PostgresApiFactory factory) : UserV2Tests<PostgresApiFactory>(factory);

public abstract class UserV2Tests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    private const string Password = "Correct-Horse-42!";

    [SkippableFact]
    public async Task A_human_with_an_initial_password_shows_the_change_required_flag_and_the_change_date()
    {
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin, "V2 Read " + Guid.NewGuid().ToString("N")[..6]);
        var userId = (await Scenario.ImportAsync(admin, orgId, "minnie")).GetProperty("userId").GetString()!;
        Assert.True((await Scenario.SetInitialPasswordAsync(admin, userId, Password, orgId)).IsSuccessStatusCode);
        var v1 = (await factory.Grpc().GetUserByIDAsync(new Zitadel.Management.V1.GetUserByIDRequest { Id = userId }, ApiFactory.Headers(factory.AdminToken, orgId))).User;

        // no x-zitadel-orgid: the org is the user's
        var rest = await GetJsonAsync(factory.Rest(factory.AdminToken), userId);
        var grpc = await factory.UsersV2().GetUserByIDAsync(new GetUserByIDRequest { UserId = userId }, ApiFactory.Headers(factory.AdminToken));

        var user = rest.GetProperty("user");
        var human = user.GetProperty("human");
        Assert.Equal(userId, user.GetProperty("userId").GetString());
        Assert.Equal("USER_STATE_ACTIVE", user.GetProperty("state").GetString());
        Assert.Equal("minnie", user.GetProperty("username").GetString());
        Assert.True(human.GetProperty("passwordChangeRequired").GetBoolean());
        Assert.Equal(v1.Human.PasswordChanged.ToDateTimeOffset(), human.GetProperty("passwordChanged").GetDateTimeOffset());
        Assert.Equal("2", rest.GetProperty("details").GetProperty("sequence").GetString());
        Assert.Equal(orgId, rest.GetProperty("details").GetProperty("resourceOwner").GetString());
        Assert.Equal(rest.GetProperty("details").GetRawText(), user.GetProperty("details").GetRawText());
        Assert.Equal(v1.PreferredLoginName, user.GetProperty("preferredLoginName").GetString());
        Assert.Equal([v1.PreferredLoginName], user.GetProperty("loginNames").EnumerateArray().Select(n => n.GetString()));

        Assert.Equal(UserState.Active, grpc.User.State);
        Assert.True(grpc.User.Human.PasswordChangeRequired);
        Assert.Equal(v1.Human.PasswordChanged, grpc.User.Human.PasswordChanged);
        Assert.Equal(2ul, grpc.Details.Sequence);
        Assert.Equal(grpc.Details, grpc.User.Details);
        Assert.Equal(v1.Details.CreationDate, grpc.Details.CreationDate);
        Assert.Equal(v1.Details.ChangeDate, grpc.Details.ChangeDate);
        Assert.Equal("Minnie", grpc.User.Human.Profile.GivenName);
        Assert.Equal("Mouse", grpc.User.Human.Profile.FamilyName);
        Assert.Equal("minnie@acme.test", grpc.User.Human.Email.Email);
        Assert.True(grpc.User.Human.Email.IsVerified);
    }

    [SkippableFact]
    public async Task A_human_imported_without_a_password_is_initial_without_the_flag()
    {
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);
        var userId = (await Scenario.ImportAsync(admin, orgId, "initial")).GetProperty("userId").GetString()!;

        var rest = (await GetJsonAsync(admin, userId)).GetProperty("user");
        var grpc = (await factory.UsersV2().GetUserByIDAsync(new GetUserByIDRequest { UserId = userId }, ApiFactory.Headers(factory.AdminToken))).User;

        Assert.Equal("USER_STATE_INITIAL", rest.GetProperty("state").GetString());
        FalseOrAbsent(rest.GetProperty("human"), "passwordChangeRequired");
        Assert.False(rest.GetProperty("human").TryGetProperty("passwordChanged", out _));
        Assert.Equal(UserState.Initial, grpc.State);
        Assert.Equal(5, (int)grpc.State); // v1 numbers it 6
        Assert.False(grpc.Human.PasswordChangeRequired);
        Assert.Null(grpc.Human.PasswordChanged);
    }

    [SkippableFact]
    public async Task States_use_the_v2_numbers()
    {
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);
        var active = (await Scenario.ImportAsync(admin, orgId, "active", Password)).GetProperty("userId").GetString()!;
        var inactive = (await Scenario.ImportAsync(admin, orgId, "inactive", Password)).GetProperty("userId").GetString()!;
        var locked = (await Scenario.ImportAsync(admin, orgId, "locked", Password)).GetProperty("userId").GetString()!;
        var initial = (await Scenario.ImportAsync(admin, orgId, "initial")).GetProperty("userId").GetString()!;
        var named = factory.Rest(factory.AdminToken, orgId);
        Assert.True((await named.PostAsJsonAsync($"/management/v1/users/{inactive}/_deactivate", new { })).IsSuccessStatusCode);
        Assert.True((await named.PostAsJsonAsync($"/management/v1/users/{locked}/_lock", new { })).IsSuccessStatusCode);

        foreach (var (id, name, number) in new[] { (active, "USER_STATE_ACTIVE", 1), (inactive, "USER_STATE_INACTIVE", 2), (locked, "USER_STATE_LOCKED", 4), (initial, "USER_STATE_INITIAL", 5) })
        {
            var rest = (await GetJsonAsync(admin, id)).GetProperty("user");
            var grpc = (await factory.UsersV2().GetUserByIDAsync(new GetUserByIDRequest { UserId = id }, ApiFactory.Headers(factory.AdminToken))).User;
            Assert.Equal(name, rest.GetProperty("state").GetString());
            Assert.Equal(number, (int)grpc.State);
        }
    }

    [SkippableFact]
    public async Task A_machine_user_reads_with_its_machine_part()
    {
        var admin = factory.Rest(factory.Start(), orgId: null);
        var orgId = await Scenario.AddOrgAsync(admin);
        var named = factory.Rest(factory.AdminToken, orgId);
        var created = await named.PostAsJsonAsync("/management/v1/users/machine", new { userName = "bot", name = "Build bot", description = "builds", accessTokenType = "ACCESS_TOKEN_TYPE_JWT" });
        var machineId = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("userId").GetString()!;

        var rest = (await GetJsonAsync(admin, machineId)).GetProperty("user");
        var grpc = (await factory.UsersV2().GetUserByIDAsync(new GetUserByIDRequest { UserId = machineId }, ApiFactory.Headers(factory.AdminToken))).User;

        Assert.False(rest.TryGetProperty("human", out _));
        Assert.Equal("USER_STATE_ACTIVE", rest.GetProperty("state").GetString());
        var machine = rest.GetProperty("machine");
        Assert.Equal("Build bot", machine.GetProperty("name").GetString());
        Assert.Equal("builds", machine.GetProperty("description").GetString());
        Assert.Equal("ACCESS_TOKEN_TYPE_JWT", machine.GetProperty("accessTokenType").GetString());
        FalseOrAbsent(machine, "hasSecret");
        Assert.Equal(User.TypeOneofCase.Machine, grpc.TypeCase);
        Assert.Equal("Build bot", grpc.Machine.Name);
        Assert.False(grpc.Machine.HasSecret);
        Assert.Equal(AccessTokenType.Jwt, grpc.Machine.AccessTokenType);
    }

    [SkippableFact]
    public async Task The_json_has_the_v2_shape()
    {
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);
        var userId = (await Scenario.ImportAsync(admin, orgId, "shape")).GetProperty("userId").GetString()!;

        var body = await GetJsonAsync(admin, userId);

        Assert.Equal(["details", "user"], Keys(body));
        Assert.Equal(["changeDate", "creationDate", "resourceOwner", "sequence"], Keys(body.GetProperty("details")).Order(StringComparer.Ordinal));
        Assert.Equal(JsonValueKind.String, body.GetProperty("details").GetProperty("sequence").ValueKind);
        Assert.Equal("1", body.GetProperty("details").GetProperty("sequence").GetString());
        var user = body.GetProperty("user");
        Assert.Superset(
            new HashSet<string> { "userId", "details", "state", "username", "loginNames", "preferredLoginName", "human" },
            Keys(user).ToHashSet());
        Assert.DoesNotContain("machine", Keys(user));
        Assert.DoesNotContain("id", Keys(user)); // v1's names are not used
        Assert.DoesNotContain("userName", Keys(user));
        Assert.Equal("USER_STATE_INITIAL", user.GetProperty("state").GetString());
        var human = user.GetProperty("human");
        Assert.Superset(new HashSet<string> { "profile", "email", "phone" }, Keys(human).ToHashSet());
        var profile = human.GetProperty("profile");
        Assert.Equal("Minnie", profile.GetProperty("givenName").GetString());
        Assert.Equal("Mouse", profile.GetProperty("familyName").GetString());
        // as upstream: the profile's optional fields are always set, so empty ones are present
        Assert.Equal("", profile.GetProperty("nickName").GetString());
        Assert.Equal("Minnie Mouse", profile.GetProperty("displayName").GetString());
        Assert.Equal("", profile.GetProperty("preferredLanguage").GetString());
        Assert.Equal("GENDER_UNSPECIFIED", profile.GetProperty("gender").GetString());
        Assert.DoesNotContain("firstName", Keys(profile));
        Assert.Equal("minnie@acme.test", human.GetProperty("email").GetProperty("email").GetString());
        Assert.True(human.GetProperty("email").GetProperty("isVerified").GetBoolean());
        Assert.DoesNotContain("isEmailVerified", Keys(human.GetProperty("email")));
        Assert.Equal(JsonValueKind.Object, human.GetProperty("phone").ValueKind);
    }

    [SkippableFact]
    public async Task An_unknown_user_and_a_user_where_the_caller_holds_no_role_answer_the_identical_404()
    {
        var admin = factory.Rest(factory.Start());
        var mine = await Scenario.AddOrgAsync(admin);
        var other = await Scenario.AddOrgAsync(admin);
        var hiddenId = (await Scenario.ImportAsync(admin, other, "hidden")).GetProperty("userId").GetString()!;
        var (_, owner) = await factory.CreateMachineCallerAsync(mine, Roles.OrgOwner);

        // naming the user's org in the header changes nothing: v2 ignores it
        var hidden = await factory.Rest(owner, other).GetAsync(new Uri($"/v2/users/{hiddenId}", UriKind.Relative));
        var unknown = await factory.Rest(owner).GetAsync(new Uri("/v2/users/404404404", UriKind.Relative));
        var hiddenBody = await hidden.Content.ReadAsStringAsync();
        var unknownBody = await unknown.Content.ReadAsStringAsync();

        await ContractAssert.RestErrorAsync(hidden, HttpStatusCode.NotFound, StatusCode.NotFound, "USER-NotFound");
        await ContractAssert.RestErrorAsync(unknown, HttpStatusCode.NotFound, StatusCode.NotFound, "USER-NotFound");
        Assert.Equal(unknownBody, hiddenBody);

        var client = factory.UsersV2();
        var hiddenGrpc = await Assert.ThrowsAsync<RpcException>(() => client.GetUserByIDAsync(new GetUserByIDRequest { UserId = hiddenId }, ApiFactory.Headers(owner, other)).ResponseAsync);
        var unknownGrpc = await Assert.ThrowsAsync<RpcException>(() => client.GetUserByIDAsync(new GetUserByIDRequest { UserId = "404404404" }, ApiFactory.Headers(owner)).ResponseAsync);
        ContractAssert.GrpcError(hiddenGrpc, StatusCode.NotFound, "USER-NotFound");
        ContractAssert.GrpcError(unknownGrpc, StatusCode.NotFound, "USER-NotFound");
        Assert.Equal(unknownGrpc.Status.Detail, hiddenGrpc.Status.Detail);
        Assert.Equal(unknownGrpc.GetRpcStatus(), hiddenGrpc.GetRpcStatus());

        // the same user is readable by the caller of its own org
        Assert.Equal(hiddenId, (await client.GetUserByIDAsync(new GetUserByIDRequest { UserId = hiddenId }, ApiFactory.Headers(factory.AdminToken))).User.UserId);
    }

    [SkippableFact]
    public async Task A_removed_user_is_not_found()
    {
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);
        var userId = (await Scenario.ImportAsync(admin, orgId, "gone")).GetProperty("userId").GetString()!;
        Assert.True((await factory.Rest(factory.AdminToken, orgId).DeleteAsync(new Uri($"/management/v1/users/{userId}", UriKind.Relative))).IsSuccessStatusCode);

        var rest = await admin.GetAsync(new Uri($"/v2/users/{userId}", UriKind.Relative));
        var grpc = await Assert.ThrowsAsync<RpcException>(() => factory.UsersV2().GetUserByIDAsync(new GetUserByIDRequest { UserId = userId }, ApiFactory.Headers(factory.AdminToken)).ResponseAsync);

        await ContractAssert.RestErrorAsync(rest, HttpStatusCode.NotFound, StatusCode.NotFound, "USER-NotFound");
        ContractAssert.GrpcError(grpc, StatusCode.NotFound, "USER-NotFound");
    }

    [SkippableTheory]
    [InlineData(Roles.OrgUserManager)]
    [InlineData(Roles.OrgOwnerViewer)]
    public async Task An_org_reader_reads_its_orgs_users_whatever_the_header_names(string role)
    {
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);
        var elsewhere = await Scenario.AddOrgAsync(admin);
        var userId = (await Scenario.ImportAsync(admin, orgId, "member")).GetProperty("userId").GetString()!;
        var (_, token) = await factory.CreateMachineCallerAsync(orgId, role);

        var plain = await GetJsonAsync(factory.Rest(token), userId);
        var otherHeader = await GetJsonAsync(factory.Rest(token, elsewhere), userId);
        var grpc = await factory.UsersV2().GetUserByIDAsync(new GetUserByIDRequest { UserId = userId }, ApiFactory.Headers(token, elsewhere));

        Assert.Equal(userId, plain.GetProperty("user").GetProperty("userId").GetString());
        Assert.Equal(plain.GetRawText(), otherHeader.GetRawText());
        Assert.Equal(orgId, grpc.Details.ResourceOwner);
    }

    [SkippableFact]
    public async Task A_caller_without_roles_reads_itself_but_no_other_user_of_its_org()
    {
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);
        var neighbour = (await Scenario.ImportAsync(admin, orgId, "neighbour")).GetProperty("userId").GetString()!;
        var (selfId, token) = await factory.CreateMachineCallerAsync(orgId);

        var self = await GetJsonAsync(factory.Rest(token), selfId);
        var selfGrpc = await factory.UsersV2().GetUserByIDAsync(new GetUserByIDRequest { UserId = selfId }, ApiFactory.Headers(token));
        var other = await factory.Rest(token).GetAsync(new Uri($"/v2/users/{neighbour}", UriKind.Relative));
        var otherGrpc = await Assert.ThrowsAsync<RpcException>(() => factory.UsersV2().GetUserByIDAsync(new GetUserByIDRequest { UserId = neighbour }, ApiFactory.Headers(token)).ResponseAsync);

        Assert.Equal(selfId, self.GetProperty("user").GetProperty("userId").GetString());
        Assert.Equal("Robot", selfGrpc.User.Machine.Name);
        await ContractAssert.RestErrorAsync(other, HttpStatusCode.NotFound, StatusCode.NotFound, "USER-NotFound");
        ContractAssert.GrpcError(otherGrpc, StatusCode.NotFound, "USER-NotFound");
    }

    [SkippableFact]
    public async Task A_malformed_id_is_refused_before_any_lookup()
    {
        var admin = factory.Rest(factory.Start());

        var invisible = await admin.GetAsync(new Uri("/v2/users/a%E2%80%8Bb", UriKind.Relative));
        var tooLong = await Assert.ThrowsAsync<RpcException>(() =>
            factory.UsersV2().GetUserByIDAsync(new GetUserByIDRequest { UserId = new string('1', 201) }, ApiFactory.Headers(factory.AdminToken)).ResponseAsync);
        var empty = await Assert.ThrowsAsync<RpcException>(() =>
            factory.UsersV2().GetUserByIDAsync(new GetUserByIDRequest(), ApiFactory.Headers(factory.AdminToken)).ResponseAsync);

        Assert.Contains("TEXT-InvalidCharacter", await ContractAssert.RestErrorAsync(invisible, HttpStatusCode.BadRequest, StatusCode.InvalidArgument, "VALIDATION-InvalidArgument"));
        Assert.Contains("USER-UserIdInvalid", ContractAssert.GrpcError(tooLong, StatusCode.InvalidArgument, "VALIDATION-InvalidArgument"));
        Assert.Contains("USER-UserIdInvalid", ContractAssert.GrpcError(empty, StatusCode.InvalidArgument, "VALIDATION-InvalidArgument"));
    }

    [SkippableFact]
    public async Task The_v1_method_still_acts_in_the_org_the_header_names()
    {
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);
        var userId = (await Scenario.ImportAsync(admin, orgId, "v1")).GetProperty("userId").GetString()!;

        // without the header the admin's own org is searched, where the user is not
        var v1 = await admin.GetAsync(new Uri($"/management/v1/users/{userId}", UriKind.Relative));
        var v1Named = await factory.Rest(factory.AdminToken, orgId).GetAsync(new Uri($"/management/v1/users/{userId}", UriKind.Relative));

        await ContractAssert.RestErrorAsync(v1, HttpStatusCode.NotFound, StatusCode.NotFound, "USER-NotFound");
        Assert.Equal(HttpStatusCode.OK, v1Named.StatusCode);
        Assert.Contains("\"USER_STATE_INITIAL\"", await v1Named.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<JsonElement> GetJsonAsync(HttpClient client, string userId)
    {
        var response = await client.GetAsync(new Uri($"/v2/users/{userId}", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static List<string> Keys(JsonElement element) => element.EnumerateObject().Select(p => p.Name).ToList();

    /// <summary>A bool field holding false: omitted by proto JSON without defaults, or written as false.</summary>
    private static void FalseOrAbsent(JsonElement element, string name) =>
        Assert.False(element.TryGetProperty(name, out var value) && value.GetBoolean(), $"{name} should be false");
}
