using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using Identity.Api.Tests.Support;
using Zitadel.Management.V1;

namespace Identity.Api.Tests;

/// <summary>AddOrg, GetMyOrg, ImportHumanUser and GetUserByID through the real host.</summary>
public sealed class SqliteOrgAndUserTests(ApiFactory factory) : OrgAndUserTests<ApiFactory>(factory);

public sealed class PostgresOrgAndUserTests(PostgresApiFactory factory) : OrgAndUserTests<PostgresApiFactory>(factory);

public abstract class OrgAndUserTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    [SkippableFact]
    public async Task My_org_is_the_callers_org_unless_the_header_names_another()
    {
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin, "Acme Widgets");

        var mine = JsonDocument.Parse(await admin.GetStringAsync(new Uri("/management/v1/orgs/me", UriKind.Relative))).RootElement.GetProperty("org");
        var named = await factory.Grpc().GetMyOrgAsync(new GetMyOrgRequest(), ApiFactory.Headers(factory.AdminToken, orgId));

        Assert.Equal("Default", mine.GetProperty("name").GetString());
        Assert.Equal("ORG_STATE_ACTIVE", mine.GetProperty("state").GetString());
        Assert.Equal("default.localhost", mine.GetProperty("primaryDomain").GetString());
        Assert.Equal(orgId, named.Org.Id);
        Assert.Equal("Acme Widgets", named.Org.Name);
        Assert.Equal("acme-widgets.localhost", named.Org.PrimaryDomain);
        Assert.Equal(1ul, named.Org.Details.Sequence);
        Assert.Equal(orgId, named.Org.Details.ResourceOwner);
    }

    [SkippableFact]
    public async Task The_creator_of_an_org_owns_it_and_a_second_org_of_the_same_name_is_refused()
    {
        var admin = factory.Rest(factory.Start());
        var name = "Dup " + Guid.NewGuid().ToString("N")[..8];
        var orgId = await Scenario.AddOrgAsync(admin, name);

        var again = await admin.PostAsJsonAsync("/management/v1/orgs", new { name });
        var blank = await admin.PostAsJsonAsync("/management/v1/orgs", new { name = "" });

        await ContractAssert.RestErrorAsync(again, HttpStatusCode.Conflict, StatusCode.AlreadyExists, "ORG-AlreadyExists");
        await ContractAssert.RestErrorAsync(blank, HttpStatusCode.BadRequest, StatusCode.InvalidArgument, "VALIDATION-InvalidArgument");
        Assert.NotEmpty(orgId);
    }

    [SkippableFact]
    public async Task Only_instance_owners_create_orgs()
    {
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);
        var (_, owner) = await factory.CreateMachineCallerAsync(orgId, "ORG_OWNER");

        var response = await factory.Rest(owner).PostAsJsonAsync("/management/v1/orgs", new { name = "Not allowed" });

        await ContractAssert.RestErrorAsync(response, HttpStatusCode.Forbidden, StatusCode.PermissionDenied, "AUTH-PermissionDenied");
    }

    [SkippableFact]
    public async Task An_imported_user_reads_back_with_its_profile_and_login_name()
    {
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin, "Read Back " + Guid.NewGuid().ToString("N")[..6]);
        var imported = await Scenario.ImportAsync(admin, orgId, "Mickey");
        var userId = imported.GetProperty("userId").GetString()!;

        var user = (await factory.Grpc().GetUserByIDAsync(new GetUserByIDRequest { Id = userId }, ApiFactory.Headers(factory.AdminToken, orgId))).User;

        Assert.Equal("1", imported.GetProperty("details").GetProperty("sequence").GetString());
        Assert.Equal(orgId, imported.GetProperty("details").GetProperty("resourceOwner").GetString());
        Assert.Equal(userId, user.Id);
        Assert.Equal("Mickey", user.UserName);
        Assert.Equal(Zitadel.User.V1.UserState.Initial, user.State);
        Assert.Equal("Minnie", user.Human.Profile.FirstName);
        Assert.Equal("Minnie Mouse", user.Human.Profile.DisplayName);
        Assert.Equal("minnie@acme.test", user.Human.Email.Email_);
        Assert.True(user.Human.Email.IsEmailVerified);
        Assert.StartsWith("Mickey@read-back-", user.PreferredLoginName, StringComparison.Ordinal);
        Assert.Equal([user.PreferredLoginName], user.LoginNames);
    }

    [SkippableFact]
    public async Task User_names_are_unique_in_an_org_ignoring_case_but_free_in_another()
    {
        var admin = factory.Rest(factory.Start());
        var orgA = await Scenario.AddOrgAsync(admin);
        var orgB = await Scenario.AddOrgAsync(admin);
        await Scenario.ImportAsync(admin, orgA, "huey");

        using var request = new HttpRequestMessage(HttpMethod.Post, "/management/v1/users/human/_import")
        {
            Content = JsonContent.Create(new { userName = "HUEY", profile = new { firstName = "H", lastName = "D" }, email = new { email = "h@d.test" } }),
            Headers = { { "x-zitadel-orgid", orgA } },
        };
        await ContractAssert.RestErrorAsync(await admin.SendAsync(request), HttpStatusCode.Conflict, StatusCode.AlreadyExists, "USER-UserNameTaken");
        Assert.Equal("1", (await Scenario.ImportAsync(admin, orgB, "HUEY")).GetProperty("details").GetProperty("sequence").GetString());
    }

    [SkippableFact]
    public async Task Import_with_a_password_applies_the_same_rules_and_activates_the_user()
    {
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);

        var ex = await Assert.ThrowsAsync<RpcException>(() =>
            factory.Grpc().ImportHumanUserAsync(NewImport("dewey", "dewey-Secret-1!"), ApiFactory.Headers(factory.AdminToken, orgId)).ResponseAsync);
        Assert.Contains("POLICY-PersonalInformation", ContractAssert.GrpcError(ex, StatusCode.InvalidArgument, "POLICY-PasswordInvalid"));

        var ok = await factory.Grpc().ImportHumanUserAsync(NewImport("louie", "Blue-Harbor-77!"), ApiFactory.Headers(factory.AdminToken, orgId));
        var user = await factory.Grpc().GetUserByIDAsync(new GetUserByIDRequest { Id = ok.UserId }, ApiFactory.Headers(factory.AdminToken, orgId));
        Assert.Equal(Zitadel.User.V1.UserState.Active, user.User.State);
        Assert.NotNull(user.User.Human.PasswordChanged);
    }

    [SkippableFact]
    public async Task Import_refuses_missing_required_fields_and_unsupported_ones_with_every_violation()
    {
        var admin = factory.Rest(factory.Start());
        using var request = new HttpRequestMessage(HttpMethod.Post, "/management/v1/users/human/_import")
        {
            Content = JsonContent.Create(new { userName = "x", hashedPassword = new { value = "$2a$10$abc" }, otpCode = "123" }),
        };

        var ids = await ContractAssert.RestErrorAsync(await admin.SendAsync(request), HttpStatusCode.BadRequest, StatusCode.InvalidArgument, "VALIDATION-InvalidArgument");

        Assert.Equal(["VALIDATION-InvalidArgument", "USER-ProfileRequired", "USER-EmailRequired", "USER-HashFormatUnsupported", "USER-ImportUnsupported"], ids);
    }

    [SkippableFact]
    public async Task An_unknown_user_is_not_found()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => factory.Grpc().GetUserByIDAsync(new GetUserByIDRequest { Id = "12345" }, ApiFactory.Headers(factory.Start())).ResponseAsync);
        ContractAssert.GrpcError(ex, StatusCode.NotFound, "USER-NotFound");
    }

    private static ImportHumanUserRequest NewImport(string userName, string password) => new()
    {
        UserName = userName,
        Profile = new ImportHumanUserRequest.Types.Profile { FirstName = "Duck", LastName = "Nephew" },
        Email = new ImportHumanUserRequest.Types.Email { Email_ = userName + "@duck.test" },
        Password = password,
        PasswordChangeRequired = true,
    };
}
