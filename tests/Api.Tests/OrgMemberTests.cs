using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using Identity.Api.Tests.Support;
using Identity.Domain.Access;
using Zitadel.Management.V1;

namespace Identity.Api.Tests;

/// <summary>
/// Org members through the real host: ListOrgMemberRoles, ListOrgMembers, UpdateOrgMember, RemoveOrgMember (and
/// AddOrgMember with upstream's roles), on REST and gRPC, SQLite and PostgreSQL; with the attacks of the lowest
/// roles and the target cells of the two member methods (an owner against an IAM_OWNER's membership).
/// </summary>
public sealed class SqliteOrgMemberTests(ApiFactory factory) : OrgMemberTests<ApiFactory>(factory);

public sealed class PostgresOrgMemberTests(PostgresApiFactory factory) : OrgMemberTests<PostgresApiFactory>(factory);

public abstract class OrgMemberTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    private const string Password = "Sunny-Meadow-42!";

    private static readonly string[] UpstreamOrgRoles =
    [
        "SELF_MANAGEMENT_GLOBAL", "ORG_OWNER", "ORG_USER_MANAGER", "ORG_OWNER_VIEWER", "ORG_SETTINGS_MANAGER", "ORG_USER_PERMISSION_EDITOR",
        "ORG_PROJECT_PERMISSION_EDITOR", "ORG_PROJECT_CREATOR", "ORG_USER_SELF_MANAGER", "ORG_ADMIN_IMPERSONATOR", "ORG_END_USER_IMPERSONATOR",
    ];

    [SkippableFact]
    public async Task ListOrgMemberRoles_answers_upstreams_eleven_roles_on_both_protocols()
    {
        var (admin, orgId) = await OrgAsync();

        var rest = await admin.PostAsync(new Uri("/management/v1/orgs/members/roles/_search", UriKind.Relative), null);
        var grpc = await factory.Grpc().ListOrgMemberRolesAsync(new ListOrgMemberRolesRequest(), ApiFactory.Headers(factory.AdminToken, orgId));

        Assert.Equal(HttpStatusCode.OK, rest.StatusCode);
        var json = await rest.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(UpstreamOrgRoles, json.GetProperty("result").EnumerateArray().Select(r => r.GetString()));
        Assert.False(json.TryGetProperty("details", out _));
        Assert.Equal(UpstreamOrgRoles, grpc.Result);
    }

    [SkippableFact]
    public async Task A_member_is_added_with_an_upstream_role_changed_listed_and_removed_over_rest()
    {
        var (admin, orgId) = await OrgAsync();
        var bob = await HumanAsync(admin, orgId, "bob");

        await Ok(admin.PostAsJsonAsync("/management/v1/orgs/me/members", new { userId = bob, roles = new[] { Roles.OrgSettingsManager } }));
        var listed = await MembersAsync(admin, new { queries = new[] { new { userIdQuery = new { userId = bob } } } });
        var member = Assert.Single(listed.GetProperty("result").EnumerateArray());
        Assert.Equal([Roles.OrgSettingsManager], member.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(("TYPE_HUMAN", orgId, "Minnie", "minnie@acme.test"), (member.GetProperty("userType").GetString(), member.GetProperty("userResourceOwner").GetString(),
            member.GetProperty("firstName").GetString(), member.GetProperty("email").GetString()));
        Assert.StartsWith("bob-", member.GetProperty("preferredLoginName").GetString(), StringComparison.Ordinal);
        var added = member.GetProperty("details");

        var update = await Ok(admin.PutAsJsonAsync($"/management/v1/orgs/me/members/{bob}", new { roles = new[] { Roles.OrgUserManager, Roles.OrgOwnerViewer } }));
        var changed = Assert.Single((await MembersAsync(admin, new { queries = new[] { new { userIdQuery = new { userId = bob } } } })).GetProperty("result").EnumerateArray());
        Assert.Equal([Roles.OrgUserManager, Roles.OrgOwnerViewer], changed.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(update.GetProperty("details").GetProperty("sequence").GetString(), changed.GetProperty("details").GetProperty("sequence").GetString());
        Assert.Equal(added.GetProperty("creationDate").GetString(), changed.GetProperty("details").GetProperty("creationDate").GetString());

        await ContractAssert.RestErrorAsync(await admin.PutAsJsonAsync($"/management/v1/orgs/me/members/{bob}", new { roles = new[] { Roles.OrgOwnerViewer, Roles.OrgUserManager } }),
            HttpStatusCode.BadRequest, StatusCode.FailedPrecondition, "MEMBER-NotChanged");
        await InvalidAsync(await admin.PutAsJsonAsync($"/management/v1/orgs/me/members/{bob}", new { roles = new[] { Roles.IamOwner } }),
            "MEMBER-RoleInvalid");
        await InvalidAsync(await admin.PutAsJsonAsync($"/management/v1/orgs/me/members/{bob}", new { roles = Array.Empty<string>() }),
            "MEMBER-RolesRequired");

        await Ok(admin.DeleteAsync(new Uri($"/management/v1/orgs/me/members/{bob}", UriKind.Relative)));
        Assert.Empty(Result(await MembersAsync(admin, new { queries = new[] { new { userIdQuery = new { userId = bob } } } })));
        await ContractAssert.RestErrorAsync(await admin.DeleteAsync(new Uri($"/management/v1/orgs/me/members/{bob}", UriKind.Relative)),
            HttpStatusCode.NotFound, StatusCode.NotFound, "MEMBER-NotFound");
        await ContractAssert.RestErrorAsync(await admin.PutAsJsonAsync($"/management/v1/orgs/me/members/{bob}", new { roles = new[] { Roles.OrgOwner } }),
            HttpStatusCode.NotFound, StatusCode.NotFound, "MEMBER-NotFound");
    }

    [SkippableFact]
    public async Task A_member_is_changed_listed_and_removed_over_grpc()
    {
        var (admin, orgId) = await OrgAsync();
        var bob = await HumanAsync(admin, orgId, "bob");
        var grpc = factory.Grpc();
        var headers = ApiFactory.Headers(factory.AdminToken, orgId);
        await grpc.AddOrgMemberAsync(new AddOrgMemberRequest { UserId = bob, Roles = { Roles.OrgProjectCreator } }, headers);

        var updated = await grpc.UpdateOrgMemberAsync(new UpdateOrgMemberRequest { UserId = bob, Roles = { Roles.OrgSettingsManager } }, headers);
        var list = await grpc.ListOrgMembersAsync(new ListOrgMembersRequest
        {
            Query = new Zitadel.V1.ListQuery { Asc = true },
            Queries = { new Zitadel.Member.V1.SearchQuery { FirstNameQuery = new Zitadel.Member.V1.FirstNameQuery { FirstName = "MIN", Method = Zitadel.V1.TextQueryMethod.StartsWithIgnoreCase } } },
        }, headers);
        var member = Assert.Single(list.Result);
        Assert.Equal((bob, Zitadel.User.V1.Type.Human, updated.Details.Sequence), (member.UserId, member.UserType, member.Details.Sequence));
        Assert.Equal([Roles.OrgSettingsManager], member.Roles);
        Assert.Equal(1UL, list.Details.TotalResult);

        var same = await Assert.ThrowsAsync<RpcException>(() => grpc.UpdateOrgMemberAsync(new UpdateOrgMemberRequest { UserId = bob, Roles = { Roles.OrgSettingsManager } }, headers).ResponseAsync);
        ContractAssert.GrpcError(same, StatusCode.FailedPrecondition, "MEMBER-NotChanged");
        await grpc.RemoveOrgMemberAsync(new RemoveOrgMemberRequest { UserId = bob }, headers);
        var gone = await Assert.ThrowsAsync<RpcException>(() => grpc.RemoveOrgMemberAsync(new RemoveOrgMemberRequest { UserId = bob }, headers).ResponseAsync);
        ContractAssert.GrpcError(gone, StatusCode.NotFound, "MEMBER-NotFound");
    }

    [SkippableFact]
    public async Task An_org_settings_manager_manages_policies_but_not_users_or_members()
    {
        var (admin, orgId) = await OrgAsync();
        var bob = await HumanAsync(admin, orgId, "bob");
        var (_, token) = await factory.CreateMachineCallerAsync(orgId, Roles.OrgSettingsManager);
        var manager = factory.Rest(token, orgId);

        await Ok(manager.PostAsJsonAsync("/management/v1/policies/password/complexity", new { minLength = 10 }));
        await ContractAssert.RestErrorAsync(await Scenario.SetInitialPasswordAsync(manager, bob, Password), HttpStatusCode.Forbidden, StatusCode.PermissionDenied, "AUTH-PermissionDenied");
        await ContractAssert.RestErrorAsync(await manager.PostAsJsonAsync("/management/v1/orgs/me/members", new { userId = bob, roles = new[] { Roles.OrgOwnerViewer } }),
            HttpStatusCode.Forbidden, StatusCode.PermissionDenied, "AUTH-PermissionDenied");
        await Ok(manager.PostAsJsonAsync("/management/v1/orgs/me/members/_search", new { }));
    }

    [SkippableFact]
    public async Task The_last_active_owner_is_neither_removed_nor_demoted()
    {
        var (admin, orgId) = await OrgAsync();
        var adminId = AdminIdIn(await MembersAsync(admin, new { }));

        await ContractAssert.RestErrorAsync(await admin.DeleteAsync(new Uri($"/management/v1/orgs/me/members/{adminId}", UriKind.Relative)),
            HttpStatusCode.BadRequest, StatusCode.FailedPrecondition, "MEMBER-LastOwner");
        await ContractAssert.RestErrorAsync(await admin.PutAsJsonAsync($"/management/v1/orgs/me/members/{adminId}", new { roles = new[] { Roles.OrgOwnerViewer } }),
            HttpStatusCode.BadRequest, StatusCode.FailedPrecondition, "MEMBER-LastOwner");

        // an owner that is locked does not count; an active one does
        var locked = await HumanAsync(admin, orgId, "locked");
        await Ok(admin.PostAsJsonAsync("/management/v1/orgs/me/members", new { userId = locked, roles = new[] { Roles.OrgOwner } }));
        await Ok(admin.PostAsJsonAsync($"/management/v1/users/{locked}/_lock", new { }));
        await ContractAssert.RestErrorAsync(await admin.DeleteAsync(new Uri($"/management/v1/orgs/me/members/{adminId}", UriKind.Relative)),
            HttpStatusCode.BadRequest, StatusCode.FailedPrecondition, "MEMBER-LastOwner");
        var alice = await HumanAsync(admin, orgId, "alice");
        await Ok(admin.PostAsJsonAsync("/management/v1/orgs/me/members", new { userId = alice, roles = new[] { Roles.OrgOwner } }));

        await Ok(admin.DeleteAsync(new Uri($"/management/v1/orgs/me/members/{adminId}", UriKind.Relative)));
        var left = (await MembersAsync(factory.Rest(factory.AdminToken, orgId), new { })).GetProperty("result").EnumerateArray().Select(m => m.GetProperty("userId").GetString()).ToList();
        Assert.DoesNotContain(adminId, left);
        Assert.Contains(alice, left);
    }

    /// <summary>The target cells: an owner cannot change or remove the membership of someone who outranks it (an IAM_OWNER).</summary>
    [SkippableFact]
    public async Task An_org_owner_cannot_change_or_remove_an_iam_owners_membership_on_either_protocol()
    {
        var (admin, orgId) = await OrgAsync();
        var adminId = AdminIdIn(await MembersAsync(admin, new { }));
        var (ownerId, token) = await factory.CreateMachineCallerAsync(orgId, Roles.OrgOwner);
        var owner = factory.Rest(token, orgId);

        await ContractAssert.RestErrorAsync(await owner.PutAsJsonAsync($"/management/v1/orgs/me/members/{adminId}", new { roles = new[] { Roles.OrgOwnerViewer } }),
            HttpStatusCode.Forbidden, StatusCode.PermissionDenied, "AUTH-TargetOutranksCaller");
        await ContractAssert.RestErrorAsync(await owner.DeleteAsync(new Uri($"/management/v1/orgs/me/members/{adminId}", UriKind.Relative)),
            HttpStatusCode.Forbidden, StatusCode.PermissionDenied, "AUTH-TargetOutranksCaller");
        var grpc = factory.Grpc();
        ContractAssert.GrpcError(await Assert.ThrowsAsync<RpcException>(() => grpc.RemoveOrgMemberAsync(new RemoveOrgMemberRequest { UserId = adminId }, ApiFactory.Headers(token, orgId)).ResponseAsync),
            StatusCode.PermissionDenied, "AUTH-TargetOutranksCaller");
        var adminMember = Assert.Single((await MembersAsync(admin, new { })).GetProperty("result").EnumerateArray(), m => m.GetProperty("userId").GetString() == adminId);
        Assert.Equal([Roles.OrgOwner], adminMember.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));

        // the owner may act on an equal: another owner, and itself
        var (otherOwner, _) = await factory.CreateMachineCallerAsync(orgId, Roles.OrgOwner);
        await Ok(owner.PutAsJsonAsync($"/management/v1/orgs/me/members/{otherOwner}", new { roles = new[] { Roles.OrgOwnerViewer } }));
        await Ok(owner.PutAsJsonAsync($"/management/v1/orgs/me/members/{ownerId}", new { roles = new[] { Roles.OrgOwner, Roles.OrgSettingsManager } }));
    }

    [SkippableFact]
    public async Task ListOrgMembers_filters_pages_refuses_bad_queries_and_shows_no_other_org()
    {
        var (admin, orgId) = await OrgAsync();
        var bob = await HumanAsync(admin, orgId, "bob");
        var (robot, _) = await factory.CreateMachineCallerAsync(orgId, Roles.OrgOwnerViewer);
        await Ok(admin.PostAsJsonAsync("/management/v1/orgs/me/members", new { userId = bob, roles = new[] { Roles.OrgOwnerViewer } }));

        var byEmail = await MembersAsync(admin, new { queries = new[] { new { emailQuery = new { email = "MINNIE@ACME.TEST", method = "TEXT_QUERY_METHOD_EQUALS_IGNORE_CASE" } } } });
        Assert.Equal([bob], byEmail.GetProperty("result").EnumerateArray().Select(m => m.GetProperty("userId").GetString()));
        var caseSensitive = await MembersAsync(admin, new { queries = new[] { new { emailQuery = new { email = "MINNIE@ACME.TEST" } } } });
        Assert.Empty(Result(caseSensitive));
        var all = await MembersAsync(admin, new { query = new { asc = true } });
        Assert.Equal("3", all.GetProperty("details").GetProperty("totalResult").GetString());
        Assert.Equal(bob, all.GetProperty("result")[2].GetProperty("userId").GetString());
        var page = await MembersAsync(admin, new { query = new { offset = 1, limit = 1, asc = true } });
        Assert.Equal(("3", robot), (page.GetProperty("details").GetProperty("totalResult").GetString(), Assert.Single(page.GetProperty("result").EnumerateArray()).GetProperty("userId").GetString()));

        await InvalidAsync(await admin.PostAsJsonAsync("/management/v1/orgs/me/members/_search", new { query = new { limit = 1001 } }),
            "QUERY-4M0fs");
        await InvalidAsync(await admin.PostAsJsonAsync("/management/v1/orgs/me/members/_search", new { queries = new[] { new { } } }),
            "QUERY-Invalid");
        await InvalidAsync(await admin.PostAsJsonAsync("/management/v1/orgs/me/members/_search", new { queries = new[] { new { firstNameQuery = new { firstName = "M", method = 99 } } } }),
            "QUERY-Invalid");
        await InvalidAsync(await admin.PostAsJsonAsync("/management/v1/orgs/me/members/_search", new { queries = new[] { new { lastNameQuery = new { lastName = new string('x', 201) } } } }),
            "QUERY-Invalid");

        // another org's members are not there, whatever the query names
        var (_, otherOrg) = await OrgAsync();
        var other = await MembersAsync(factory.Rest(factory.AdminToken, otherOrg), new { queries = new[] { new { userIdQuery = new { userId = bob } } } });
        Assert.Empty(Result(other));
        Assert.False(other.GetProperty("details").TryGetProperty("totalResult", out _), "zero is omitted");
    }

    private async Task<(HttpClient Admin, string OrgId)> OrgAsync()
    {
        var orgId = await Scenario.AddOrgAsync(factory.Rest(factory.Start()));
        return (factory.Rest(factory.AdminToken, orgId), orgId);
    }

    private static async Task<string> HumanAsync(HttpClient admin, string orgId, string name) =>
        (await Scenario.ImportAsync(admin, orgId, name + "-" + Guid.NewGuid().ToString("N")[..6], Password)).GetProperty("userId").GetString()!;

    /// <summary>A request refused by validation: the summary first, then (among) the violations the one expected.</summary>
    private static async Task InvalidAsync(HttpResponseMessage response, string id) =>
        Assert.Contains(id, await ContractAssert.RestErrorAsync(response, HttpStatusCode.BadRequest, StatusCode.InvalidArgument, "VALIDATION-InvalidArgument"));

    /// <summary>The members listed; an empty list is omitted from the JSON (a zero value).</summary>
    private static List<JsonElement> Result(JsonElement list) =>
        list.TryGetProperty("result", out var result) ? [.. result.EnumerateArray()] : [];

    private static async Task<JsonElement> MembersAsync(HttpClient client, object body) =>
        await Ok(client.PostAsJsonAsync("/management/v1/orgs/me/members/_search", body));

    /// <summary>The admin is the one member of an org it created (as its ORG_OWNER).</summary>
    private static string AdminIdIn(JsonElement members) =>
        Assert.Single(members.GetProperty("result").EnumerateArray()).GetProperty("userId").GetString()!;

    private static async Task<JsonElement> Ok(Task<HttpResponseMessage> call)
    {
        var response = await call;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
