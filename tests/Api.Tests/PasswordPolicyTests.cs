using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using Identity.Api.Tests.Support;
using Identity.Domain.Access;
using Zitadel.Management.V1;

namespace Identity.Api.Tests;

/// <summary>The four password complexity policy methods, and the policy's effect on the headline call.</summary>
public sealed class SqlitePasswordPolicyTests(ApiFactory factory) : PasswordPolicyTests<ApiFactory>(factory);

public sealed class PostgresPasswordPolicyTests(PostgresApiFactory factory) : PasswordPolicyTests<PostgresApiFactory>(factory);

public abstract class PasswordPolicyTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    private const string Path = "/management/v1/policies/password/complexity";

    [SkippableFact]
    public async Task The_policy_lifecycle_answers_details_with_the_orgs_sequence()
    {
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);
        var client = factory.Rest(factory.AdminToken, orgId);

        var initial = await GetAsync(client);
        Assert.True(initial.GetProperty("isDefault").GetBoolean());
        Assert.Equal("8", initial.GetProperty("policy").GetProperty("minLength").GetString());
        Assert.True(initial.GetProperty("policy").GetProperty("hasSymbol").GetBoolean());

        var added = await client.PostAsJsonAsync(Path, new { minLength = 12, hasUppercase = true, hasLowercase = true, hasNumber = false, hasSymbol = false });
        Assert.Equal("2", await SequenceAsync(added));
        await ContractAssert.RestErrorAsync(
            await client.PostAsJsonAsync(Path, new { minLength = 10 }), HttpStatusCode.Conflict, StatusCode.AlreadyExists, "POLICY-AlreadyExists");

        var custom = await GetAsync(client);
        // false is omitted, as ZITADEL's gateway writes proto JSON
        Assert.False(custom.TryGetProperty("isDefault", out _));
        Assert.False(custom.GetProperty("policy").TryGetProperty("isDefault", out _));
        Assert.Equal("12", custom.GetProperty("policy").GetProperty("minLength").GetString());
        Assert.False(custom.GetProperty("policy").TryGetProperty("hasNumber", out _));

        await ContractAssert.RestErrorAsync(
            await client.PutAsJsonAsync(Path, new { minLength = 12, hasUppercase = true, hasLowercase = true }), HttpStatusCode.BadRequest, StatusCode.FailedPrecondition, "POLICY-NotChanged");
        Assert.Equal("3", await SequenceAsync(await client.PutAsJsonAsync(Path, new { minLength = 14, hasUppercase = true, hasLowercase = true })));
        Assert.Equal("14", (await GetAsync(client)).GetProperty("policy").GetProperty("minLength").GetString());

        Assert.Equal("4", await SequenceAsync(await client.DeleteAsync(new Uri(Path, UriKind.Relative))));
        Assert.True((await GetAsync(client)).GetProperty("isDefault").GetBoolean());
        await ContractAssert.RestErrorAsync(await client.DeleteAsync(new Uri(Path, UriKind.Relative)), HttpStatusCode.NotFound, StatusCode.NotFound, "POLICY-NotFound");
        await ContractAssert.RestErrorAsync(
            await client.PutAsJsonAsync(Path, new { minLength = 9 }), HttpStatusCode.NotFound, StatusCode.NotFound, "POLICY-NotFound");
    }

    [SkippableTheory]
    [InlineData(0)]
    [InlineData(73)]
    public async Task Min_length_outside_1_to_72_is_invalid(int minLength)
    {
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);

        var ids = await ContractAssert.RestErrorAsync(
            await factory.Rest(factory.AdminToken, orgId).PostAsJsonAsync(Path, new { minLength }),
            HttpStatusCode.BadRequest, StatusCode.InvalidArgument, "VALIDATION-InvalidArgument");

        Assert.Contains("POLICY-MinLengthRange", ids);
    }

    [SkippableFact]
    public async Task The_orgs_custom_policy_governs_the_headline_call_over_grpc()
    {
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);
        var userId = (await Scenario.ImportAsync(admin, orgId, "gladstone")).GetProperty("userId").GetString()!;
        var grpc = factory.Grpc();
        var headers = ApiFactory.Headers(factory.AdminToken, orgId);

        await grpc.AddCustomPasswordComplexityPolicyAsync(new AddCustomPasswordComplexityPolicyRequest { MinLength = 20, HasLowercase = true }, headers);
        var policy = await grpc.GetPasswordComplexityPolicyAsync(new GetPasswordComplexityPolicyRequest(), headers);

        Assert.False(policy.IsDefault);
        Assert.Equal(20ul, policy.Policy.MinLength);
        var ex = await Assert.ThrowsAsync<RpcException>(() => grpc.SetHumanInitialPasswordAsync(
            new SetHumanInitialPasswordRequest { UserId = userId, Password = "Sunny-Meadow-42!" }, headers).ResponseAsync);
        Assert.Equal(["POLICY-PasswordInvalid", "POLICY-MinLength"], ContractAssert.GrpcError(ex, StatusCode.InvalidArgument, "POLICY-PasswordInvalid"));
        var ok = await grpc.SetHumanInitialPasswordAsync(new SetHumanInitialPasswordRequest { UserId = userId, Password = "a long and quiet river bank" }, headers);
        Assert.Equal(2ul, ok.Details.Sequence);
    }

    [SkippableFact]
    public async Task User_managers_read_the_policy_but_only_owners_change_it()
    {
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);
        var (_, manager) = await factory.CreateMachineCallerAsync(orgId, Roles.OrgUserManager);
        var (_, owner) = await factory.CreateMachineCallerAsync(orgId, Roles.OrgOwner);

        Assert.True((await GetAsync(factory.Rest(manager))).GetProperty("isDefault").GetBoolean());
        await ContractAssert.RestErrorAsync(
            await factory.Rest(manager).PostAsJsonAsync(Path, new { minLength = 10 }), HttpStatusCode.Forbidden, StatusCode.PermissionDenied, "AUTH-PermissionDenied");
        Assert.Equal("2", await SequenceAsync(await factory.Rest(owner).PostAsJsonAsync(Path, new { minLength = 10 })));
    }

    [SkippableFact]
    public async Task Common_passwords_and_personal_information_are_refused_by_default()
    {
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);
        var userId = (await Scenario.ImportAsync(admin, orgId, "fethry")).GetProperty("userId").GetString()!;

        var common = await Scenario.SetInitialPasswordAsync(admin, userId, "P@ssw0rd", orgId);
        var personal = await Scenario.SetInitialPasswordAsync(admin, userId, "Fethry-Duck-77!", orgId);

        Assert.Equal(["POLICY-PasswordInvalid", "POLICY-CommonPassword", "POLICY-TooGuessable"], await ContractAssert.RestErrorAsync(common, HttpStatusCode.BadRequest, StatusCode.InvalidArgument, "POLICY-PasswordInvalid"));
        Assert.Equal(["POLICY-PasswordInvalid", "POLICY-PersonalInformation"], await ContractAssert.RestErrorAsync(personal, HttpStatusCode.BadRequest, StatusCode.InvalidArgument, "POLICY-PasswordInvalid"));
    }

    private static async Task<JsonElement> GetAsync(HttpClient client)
    {
        var response = await client.GetAsync(new Uri(Path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task<string?> SequenceAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("details").GetProperty("sequence").GetString();
    }
}

/// <summary>The host with the three extra password rules switched off in configuration.</summary>
public sealed class ApiFactoryWithoutExtraRules : ApiFactory
{
    public ApiFactoryWithoutExtraRules()
    {
        Settings["Identity:Passwords:RefuseCommonPasswords"] = "false";
        Settings["Identity:Passwords:RefusePersonalInformation"] = "false";
        Settings["Identity:Passwords:MinStrengthScore"] = "0";
    }
}

public sealed class ExtraPasswordRulesSwitchedOffTests(ApiFactoryWithoutExtraRules factory) : IClassFixture<ApiFactoryWithoutExtraRules>
{
    [Fact]
    public async Task Switching_the_extra_rules_off_lets_such_passwords_through()
    {
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);
        var userId = (await Scenario.ImportAsync(admin, orgId, "fethry")).GetProperty("userId").GetString()!;

        var common = await Scenario.SetInitialPasswordAsync(admin, userId, "P@ssw0rd", orgId);
        var personal = await Scenario.SetInitialPasswordAsync(admin, userId, "Fethry-Duck-77!", orgId);
        var weak = await Scenario.SetInitialPasswordAsync(admin, userId, "short", orgId);

        Assert.Equal(HttpStatusCode.OK, common.StatusCode);
        Assert.Equal(HttpStatusCode.OK, personal.StatusCode);
        await ContractAssert.RestErrorAsync(weak, HttpStatusCode.BadRequest, StatusCode.InvalidArgument, "POLICY-PasswordInvalid");
    }
}
