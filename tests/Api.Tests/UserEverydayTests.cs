using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using Identity.Api.Tests.Support;
using Identity.Domain.Access;
using Zitadel.Management.V1;

namespace Identity.Api.Tests;

/// <summary>
/// The everyday user methods of issue 15 through the real host, on REST and gRPC, SQLite and PostgreSQL:
/// GetDefaultPasswordComplexityPolicy, IsUserUnique (and its route beside GetUserByID), UpdateUserName (sign-in follows
/// the new login name), UpdateHumanProfile, UpdateHumanEmail, UpdateHumanPhone, AddHumanUser and GetUserByLoginNameGlobal
/// with the attack of another org's owner.
/// </summary>
public sealed class SqliteUserEverydayTests(ApiFactory factory) : UserEverydayTests<ApiFactory>(factory);

public sealed class PostgresUserEverydayTests(PostgresApiFactory factory) : UserEverydayTests<PostgresApiFactory>(factory);

public abstract class UserEverydayTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    private const string Password = "Sunny-Meadow-42!";

    [SkippableFact]
    public async Task The_default_complexity_policy_is_the_instance_one_without_details_whatever_the_org_set()
    {
        var (admin, orgId) = await OrgAsync();
        var before = await Ok(admin.GetAsync(Uri("/management/v1/policies/password/complexity")));
        await Ok(admin.PostAsJsonAsync("/management/v1/policies/password/complexity", new { minLength = 30 }));

        var rest = await Ok(admin.GetAsync(Uri("/management/v1/policies/default/password/complexity")));
        var grpc = await factory.Grpc().GetDefaultPasswordComplexityPolicyAsync(new GetDefaultPasswordComplexityPolicyRequest(), ApiFactory.Headers(factory.AdminToken, orgId));

        var policy = rest.GetProperty("policy");
        Assert.Equal(before.GetProperty("policy").GetProperty("minLength").GetString(), policy.GetProperty("minLength").GetString());
        Assert.NotEqual("30", policy.GetProperty("minLength").GetString());
        Assert.True(policy.GetProperty("isDefault").GetBoolean());
        Assert.False(policy.TryGetProperty("details", out _));
        Assert.Equal((ulong.Parse(policy.GetProperty("minLength").GetString()!, System.Globalization.CultureInfo.InvariantCulture), true), (grpc.Policy.MinLength, grpc.Policy.IsDefault));
        Assert.Null(grpc.Policy.Details);
    }

    [SkippableFact]
    public async Task IsUserUnique_answers_by_folded_user_name_and_email_in_the_org_and_GetUserByID_still_answers_beside_it()
    {
        var (admin, orgId) = await OrgAsync();
        var name = "minnie-" + Guid.NewGuid().ToString("N")[..6];
        var id = await HumanAsync(admin, orgId, name);
        var (otherAdmin, otherOrg) = await OrgAsync();

        Assert.Empty((await Ok(admin.GetAsync(Uri($"/management/v1/users/_is_unique?userName={name.ToUpperInvariant()}")))).EnumerateObject());
        Assert.Empty((await Ok(admin.GetAsync(Uri("/management/v1/users/_is_unique?email=MINNIE%40ACME.TEST")))).EnumerateObject());
        Assert.True((await Ok(admin.GetAsync(Uri("/management/v1/users/_is_unique?userName=nobody-here&email=nobody%40acme.test")))).GetProperty("isUnique").GetBoolean());
        Assert.True((await Ok(otherAdmin.GetAsync(Uri($"/management/v1/users/_is_unique?userName={name}")))).GetProperty("isUnique").GetBoolean());

        var grpc = factory.Grpc();
        Assert.False((await grpc.IsUserUniqueAsync(new IsUserUniqueRequest { UserName = " " + name + " " }, ApiFactory.Headers(factory.AdminToken, orgId))).IsUnique);
        Assert.True((await grpc.IsUserUniqueAsync(new IsUserUniqueRequest { UserName = name }, ApiFactory.Headers(factory.AdminToken, otherOrg))).IsUnique);

        Assert.Equal(name, (await Ok(admin.GetAsync(Uri($"/management/v1/users/{id}")))).GetProperty("user").GetProperty("userName").GetString());
        await ContractAssert.RestErrorAsync(await admin.GetAsync(Uri("/management/v1/users/_is_uniqueX")), HttpStatusCode.NotFound, StatusCode.NotFound, "USER-NotFound");
        await InvalidAsync(await admin.GetAsync(Uri($"/management/v1/users/_is_unique?userName={new string('a', 201)}")), "USER-UserNameInvalid");
    }

    [SkippableFact]
    public async Task UpdateUserName_moves_sign_in_to_the_new_login_name()
    {
        var (admin, orgId) = await OrgAsync();
        var id = await AddAsync(admin, "anna-" + Guid.NewGuid().ToString("N")[..6], Password);
        var oldLogin = (await UserAsync(admin, id)).GetProperty("preferredLoginName").GetString()!;
        var newName = "anna-renamed-" + Guid.NewGuid().ToString("N")[..6];

        var updated = await Ok(admin.PutAsJsonAsync($"/management/v1/users/{id}/username", new { userName = newName }));

        var user = await UserAsync(admin, id);
        var newLogin = user.GetProperty("preferredLoginName").GetString()!;
        Assert.Equal(newName, user.GetProperty("userName").GetString());
        Assert.StartsWith(newName + "@", newLogin, StringComparison.Ordinal);
        Assert.Equal(updated.GetProperty("details").GetProperty("sequence").GetString(), user.GetProperty("details").GetProperty("sequence").GetString());
        var signIn = await factory.Rest(factory.AdminToken).PostAsJsonAsync("/v2/sessions", new { checks = new { user = new { loginName = newLogin }, password = new { password = Password } } });
        Assert.Equal(HttpStatusCode.Created, signIn.StatusCode);
        await ContractAssert.RestErrorAsync(
            await factory.Rest(factory.AdminToken).PostAsJsonAsync("/v2/sessions", new { checks = new { user = new { loginName = oldLogin } } }),
            HttpStatusCode.NotFound, StatusCode.NotFound, "QUERY-Dfbg2");

        await ContractAssert.RestErrorAsync(await admin.PutAsJsonAsync($"/management/v1/users/{id}/username", new { userName = newName }),
            HttpStatusCode.BadRequest, StatusCode.FailedPrecondition, "COMMAND-6m9gs");
        var other = await AddAsync(admin, "taken-" + Guid.NewGuid().ToString("N")[..6], null);
        var grpc = await Assert.ThrowsAsync<RpcException>(() => factory.Grpc().UpdateUserNameAsync(
            new UpdateUserNameRequest { UserId = other, UserName = newName.ToUpperInvariant() }, ApiFactory.Headers(factory.AdminToken, orgId)).ResponseAsync);
        ContractAssert.GrpcError(grpc, StatusCode.AlreadyExists, "USER-UserNameTaken");
        await InvalidAsync(await admin.PutAsJsonAsync($"/management/v1/users/{id}/username", new { userName = "  " }), "USER-UserNameBlank");
    }

    [SkippableFact]
    public async Task Profile_email_and_phone_are_changed_over_rest_and_nothing_is_verified_silently()
    {
        var (admin, _) = await OrgAsync();
        var id = await HumanAsync(admin, null, "mia"); // imported with a verified email

        await Ok(admin.PutAsJsonAsync($"/management/v1/users/{id}/profile",
            new { firstName = "Mia", lastName = "Muster", nickName = "mm", displayName = "Mia M.", preferredLanguage = "de", gender = "GENDER_FEMALE" }));
        var email = await Ok(admin.PutAsJsonAsync($"/management/v1/users/{id}/email", new { email = "mia@new.test" }));
        var phone = await Ok(admin.PutAsJsonAsync($"/management/v1/users/{id}/phone", new { phone = "+49 (30) 1234-5678" }));

        var human = (await UserAsync(admin, id)).GetProperty("human");
        Assert.Equal(("Mia", "Muster", "mm", "Mia M.", "de", "GENDER_FEMALE"), (
            human.GetProperty("profile").GetProperty("firstName").GetString(), human.GetProperty("profile").GetProperty("lastName").GetString(),
            human.GetProperty("profile").GetProperty("nickName").GetString(), human.GetProperty("profile").GetProperty("displayName").GetString(),
            human.GetProperty("profile").GetProperty("preferredLanguage").GetString(), human.GetProperty("profile").GetProperty("gender").GetString()));
        Assert.Equal("mia@new.test", human.GetProperty("email").GetProperty("email").GetString());
        Assert.False(human.GetProperty("email").TryGetProperty("isEmailVerified", out _)); // false: the zero value is omitted
        Assert.Equal("+493012345678", human.GetProperty("phone").GetProperty("phone").GetString());
        Assert.False(human.GetProperty("phone").TryGetProperty("isPhoneVerified", out _));
        Assert.True(long.Parse(phone.GetProperty("details").GetProperty("sequence").GetString()!, System.Globalization.CultureInfo.InvariantCulture)
            > long.Parse(email.GetProperty("details").GetProperty("sequence").GetString()!, System.Globalization.CultureInfo.InvariantCulture));

        await ContractAssert.RestErrorAsync(await admin.PutAsJsonAsync($"/management/v1/users/{id}/profile",
            new { firstName = "Mia", lastName = "Muster", nickName = "mm", displayName = "Mia M.", preferredLanguage = "de", gender = "GENDER_FEMALE" }),
            HttpStatusCode.BadRequest, StatusCode.FailedPrecondition, "COMMAND-2M0fs");
        await ContractAssert.RestErrorAsync(await admin.PutAsJsonAsync($"/management/v1/users/{id}/email", new { email = "MIA@new.test" }),
            HttpStatusCode.BadRequest, StatusCode.FailedPrecondition, "COMMAND-2b7fM");
        await ContractAssert.RestErrorAsync(await admin.PutAsJsonAsync($"/management/v1/users/{id}/phone", new { phone = "+493012345678" }),
            HttpStatusCode.BadRequest, StatusCode.FailedPrecondition, "COMMAND-wF94r");
        await Ok(admin.PutAsJsonAsync($"/management/v1/users/{id}/email", new { email = "mia@new.test", isEmailVerified = true }));
        Assert.True((await UserAsync(admin, id)).GetProperty("human").GetProperty("email").GetProperty("isEmailVerified").GetBoolean());

        await InvalidAsync(await admin.PutAsJsonAsync($"/management/v1/users/{id}/profile", new { firstName = "Mia", lastName = "Muster" }), "USER-DisplayNameInvalid");
        await InvalidAsync(await admin.PutAsJsonAsync($"/management/v1/users/{id}/email", new { email = "not-an-address" }), "USER-EmailInvalid");
        await InvalidAsync(await admin.PutAsJsonAsync($"/management/v1/users/{id}/phone", new { phone = "0301234567" }), "USER-PhoneInvalid");
        await InvalidAsync(await admin.PutAsJsonAsync($"/management/v1/users/{id}/phone", new { phone = "+12345" }), "USER-PhoneInvalid");
    }

    [SkippableFact]
    public async Task The_update_methods_over_grpc_and_against_users_of_another_org_or_machines()
    {
        var (admin, orgId) = await OrgAsync();
        var id = await HumanAsync(admin, orgId, "leo");
        var (otherAdmin, otherOrg) = await OrgAsync();
        var stranger = await HumanAsync(otherAdmin, otherOrg, "stranger");
        var grpc = factory.Grpc();
        var headers = ApiFactory.Headers(factory.AdminToken, orgId);

        var profile = await grpc.UpdateHumanProfileAsync(new UpdateHumanProfileRequest { UserId = id, FirstName = "Leo", LastName = "Lion", DisplayName = "Leo" }, headers);
        var email = await grpc.UpdateHumanEmailAsync(new UpdateHumanEmailRequest { UserId = id, Email = "leo@zoo.test", IsEmailVerified = true }, headers);
        var phone = await grpc.UpdateHumanPhoneAsync(new UpdateHumanPhoneRequest { UserId = id, Phone = "+41790000000", IsPhoneVerified = true }, headers);
        var user = (await grpc.GetUserByIDAsync(new GetUserByIDRequest { Id = id }, headers)).User;

        Assert.Equal((profile.Details.Sequence + 1, email.Details.Sequence + 1), (email.Details.Sequence, phone.Details.Sequence));
        Assert.Equal(("Leo", "leo@zoo.test", true, "+41790000000", true), (user.Human.Profile.FirstName, user.Human.Email.Email_, user.Human.Email.IsEmailVerified, user.Human.Phone.Phone_, user.Human.Phone.IsPhoneVerified));

        // another org's user answers exactly like an unknown one, whatever method
        foreach (var call in new Func<Task>[]
        {
            () => grpc.UpdateUserNameAsync(new UpdateUserNameRequest { UserId = stranger, UserName = "x" }, headers).ResponseAsync,
            () => grpc.UpdateHumanProfileAsync(new UpdateHumanProfileRequest { UserId = stranger, FirstName = "X", LastName = "Y", DisplayName = "X" }, headers).ResponseAsync,
            () => grpc.UpdateHumanEmailAsync(new UpdateHumanEmailRequest { UserId = stranger, Email = "x@y.test" }, headers).ResponseAsync,
            () => grpc.UpdateHumanPhoneAsync(new UpdateHumanPhoneRequest { UserId = stranger, Phone = "+41790000000" }, headers).ResponseAsync,
        })
        {
            ContractAssert.GrpcError(await Assert.ThrowsAsync<RpcException>(call), StatusCode.NotFound, "USER-NotFound");
        }

        await ContractAssert.RestErrorAsync(await admin.PutAsJsonAsync($"/management/v1/users/{stranger}/email", new { email = "x@y.test" }), HttpStatusCode.NotFound, StatusCode.NotFound, "USER-NotFound");
        var (machine, _) = await factory.CreateMachineCallerAsync(orgId);
        ContractAssert.GrpcError(await Assert.ThrowsAsync<RpcException>(() => grpc.UpdateHumanEmailAsync(new UpdateHumanEmailRequest { UserId = machine, Email = "m@y.test" }, headers).ResponseAsync),
            StatusCode.FailedPrecondition, "USER-NotHuman");
        ContractAssert.GrpcError(await Assert.ThrowsAsync<RpcException>(() => grpc.UpdateHumanPhoneAsync(new UpdateHumanPhoneRequest { UserId = id, Phone = "+41 79 abc" }, headers).ResponseAsync),
            StatusCode.InvalidArgument, "VALIDATION-InvalidArgument");
    }

    [SkippableFact]
    public async Task AddHumanUser_creates_an_active_user_with_a_checked_initial_password_or_an_initial_one_without()
    {
        var (admin, orgId) = await OrgAsync();
        var name = "paula-" + Guid.NewGuid().ToString("N")[..6];

        var added = await Ok(admin.PostAsJsonAsync("/management/v1/users/human", new
        {
            userName = name,
            profile = new { firstName = "Paula", lastName = "Plan" },
            email = new { email = "paula@acme.test" },
            phone = new { phone = "+41 79 111 22 33" },
            initialPassword = Password,
        }));
        var id = added.GetProperty("userId").GetString()!;
        var user = await UserAsync(admin, id);
        Assert.Equal("USER_STATE_ACTIVE", user.GetProperty("state").GetString());
        Assert.Equal("Paula Plan", user.GetProperty("human").GetProperty("profile").GetProperty("displayName").GetString());
        Assert.Equal("+41791112233", user.GetProperty("human").GetProperty("phone").GetProperty("phone").GetString());
        Assert.False(user.GetProperty("human").GetProperty("email").TryGetProperty("isEmailVerified", out _));
        var signIn = await factory.Rest(factory.AdminToken).PostAsJsonAsync("/v2/sessions",
            new { checks = new { user = new { loginName = user.GetProperty("preferredLoginName").GetString() }, password = new { password = Password } } });
        Assert.Equal(HttpStatusCode.Created, signIn.StatusCode);

        var grpc = await factory.Grpc().AddHumanUserAsync(new AddHumanUserRequest
        {
            UserName = name + "-2",
            Profile = new AddHumanUserRequest.Types.Profile { FirstName = "P", LastName = "Q", DisplayName = "PQ" },
            Email = new AddHumanUserRequest.Types.Email { Email_ = "pq@acme.test", IsEmailVerified = true },
        }, ApiFactory.Headers(factory.AdminToken, orgId));
        Assert.Equal("USER_STATE_INITIAL", (await UserAsync(admin, grpc.UserId)).GetProperty("state").GetString());

        await ContractAssert.RestErrorAsync(await admin.PostAsJsonAsync("/management/v1/users/human",
            new { userName = name + "-3", profile = new { firstName = "A", lastName = "B" }, email = new { email = "a@b.test" }, initialPassword = "weak" }),
            HttpStatusCode.BadRequest, StatusCode.InvalidArgument, "POLICY-PasswordInvalid");
        await ContractAssert.RestErrorAsync(await admin.PostAsJsonAsync("/management/v1/users/human",
            new { userName = name.ToUpperInvariant(), profile = new { firstName = "A", lastName = "B" }, email = new { email = "a@b.test" } }),
            HttpStatusCode.Conflict, StatusCode.AlreadyExists, "USER-UserNameTaken");
        var invalid = await ContractAssert.RestErrorAsync(await admin.PostAsJsonAsync("/management/v1/users/human",
            new { userName = name + "-4", email = new { email = "nope" }, phone = new { phone = "+1" } }), HttpStatusCode.BadRequest, StatusCode.InvalidArgument, "VALIDATION-InvalidArgument");
        Assert.Contains("USER-ProfileRequired", invalid);
        Assert.Contains("USER-EmailInvalid", invalid);
        Assert.Contains("USER-PhoneInvalid", invalid);
    }

    /// <summary>
    /// The attack: the owner of one org holds user.global.read there and asks for the login name of another org's
    /// user, with and without naming that org. Upstream would answer the user's profile, email and phone; here it is
    /// hidden exactly as a login name nobody has, and the same caller still finds users of its own org.
    /// </summary>
    [SkippableFact]
    public async Task GetUserByLoginNameGlobal_never_shows_another_orgs_user_to_an_org_owner_but_does_to_an_iam_owner()
    {
        var (victimAdmin, victimOrg) = await OrgAsync();
        var victim = await HumanAsync(victimAdmin, victimOrg, "victim");
        var victimLogin = (await UserAsync(victimAdmin, victim)).GetProperty("preferredLoginName").GetString()!;
        var (attackerAdmin, attackerOrg) = await OrgAsync();
        var own = await HumanAsync(attackerAdmin, attackerOrg, "own");
        var ownLogin = (await UserAsync(attackerAdmin, own)).GetProperty("preferredLoginName").GetString()!;
        var (_, attackerToken) = await factory.CreateMachineCallerAsync(attackerOrg, Roles.OrgOwner);

        foreach (var header in new[] { null, victimOrg, attackerOrg })
        {
            var rest = factory.Rest(attackerToken, header);
            var hidden = await ContractAssert.RestErrorAsync(await rest.GetAsync(Uri(ByLoginName(victimLogin))), HttpStatusCode.NotFound, StatusCode.NotFound, "USER-NotFound");
            var unknown = await ContractAssert.RestErrorAsync(await rest.GetAsync(Uri(ByLoginName("nobody-" + victimLogin))), HttpStatusCode.NotFound, StatusCode.NotFound, "USER-NotFound");
            Assert.Equal(unknown, hidden);
            ContractAssert.GrpcError(await Assert.ThrowsAsync<RpcException>(() => factory.Grpc().GetUserByLoginNameGlobalAsync(
                new GetUserByLoginNameGlobalRequest { LoginName = victimLogin }, ApiFactory.Headers(attackerToken, header)).ResponseAsync), StatusCode.NotFound, "USER-NotFound");
        }

        var mine = await Ok(factory.Rest(attackerToken).GetAsync(Uri(ByLoginName(ownLogin.ToUpperInvariant()))));
        Assert.Equal(own, mine.GetProperty("user").GetProperty("id").GetString());
        var asIamOwner = await factory.Grpc().GetUserByLoginNameGlobalAsync(new GetUserByLoginNameGlobalRequest { LoginName = victimLogin }, ApiFactory.Headers(factory.AdminToken, attackerOrg));
        Assert.Equal((victim, victimLogin), (asIamOwner.User.Id, asIamOwner.User.PreferredLoginName));
        var (_, settingsToken) = await factory.CreateMachineCallerAsync(attackerOrg, Roles.OrgSettingsManager);
        await ContractAssert.RestErrorAsync(await factory.Rest(settingsToken).GetAsync(Uri(ByLoginName(ownLogin))), HttpStatusCode.Forbidden, StatusCode.PermissionDenied, "AUTH-PermissionDenied");
        await InvalidAsync(await factory.Rest(factory.AdminToken).GetAsync(Uri("/management/v1/global/users/_by_login_name")), "USER-LoginNameInvalid");
    }

    private static string ByLoginName(string loginName) => $"/management/v1/global/users/_by_login_name?loginName={System.Uri.EscapeDataString(loginName)}";

    private async Task<(HttpClient Admin, string OrgId)> OrgAsync()
    {
        var orgId = await Scenario.AddOrgAsync(factory.Rest(factory.Start()));
        return (factory.Rest(factory.AdminToken, orgId), orgId);
    }

    private static async Task<string> HumanAsync(HttpClient admin, string? orgId, string name) =>
        (await Scenario.ImportAsync(admin, orgId ?? admin.DefaultRequestHeaders.GetValues("x-zitadel-orgid").First(), name.Contains('-', StringComparison.Ordinal) ? name : name + "-" + Guid.NewGuid().ToString("N")[..6], Password))
            .GetProperty("userId").GetString()!;

    private static async Task<string> AddAsync(HttpClient admin, string userName, string? password) =>
        (await Ok(admin.PostAsJsonAsync("/management/v1/users/human", new
        {
            userName,
            profile = new { firstName = "Anna", lastName = "Alt" },
            email = new { email = userName + "@acme.test" },
            initialPassword = password,
        }))).GetProperty("userId").GetString()!;

    private static async Task<JsonElement> UserAsync(HttpClient admin, string id) =>
        (await Ok(admin.GetAsync(Uri($"/management/v1/users/{id}")))).GetProperty("user");

    private static async Task InvalidAsync(HttpResponseMessage response, string id) =>
        Assert.Contains(id, await ContractAssert.RestErrorAsync(response, HttpStatusCode.BadRequest, StatusCode.InvalidArgument, "VALIDATION-InvalidArgument"));

    private static Uri Uri(string path) => new(path, UriKind.Relative);

    private static async Task<JsonElement> Ok(Task<HttpResponseMessage> call)
    {
        var response = await call;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
