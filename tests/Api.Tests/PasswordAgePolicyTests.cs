using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using Identity.Api.Tests.Support;
using Identity.Domain.Access;
using Identity.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zitadel.Management.V1;

namespace Identity.Api.Tests;

/// <summary>The four password age policy methods on REST and gRPC.</summary>
public sealed class SqlitePasswordAgePolicyTests(ApiFactory factory) : PasswordAgePolicyTests<ApiFactory>(factory);

public sealed class PostgresPasswordAgePolicyTests(PostgresApiFactory factory) : PasswordAgePolicyTests<PostgresApiFactory>(factory);

public abstract class PasswordAgePolicyTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    private const string Path = "/management/v1/policies/password/age";

    [SkippableFact]
    public async Task Rest_lifecycle_answers_details_with_the_orgs_sequence_and_the_upstream_json_shape()
    {
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);
        var client = factory.Rest(factory.AdminToken, orgId);

        var initial = await GetAsync(client);
        Assert.True(initial.GetProperty("isDefault").GetBoolean());
        var policy = initial.GetProperty("policy");
        Assert.True(policy.GetProperty("isDefault").GetBoolean());
        // the instance default never expires: zero values are omitted, as ZITADEL's gateway does
        Assert.False(policy.TryGetProperty("maxAgeDays", out _));
        Assert.False(policy.TryGetProperty("expireWarnDays", out _));
        Assert.Equal("1", policy.GetProperty("details").GetProperty("sequence").GetString());
        Assert.Equal(orgId, policy.GetProperty("details").GetProperty("resourceOwner").GetString());

        var added = await client.PostAsJsonAsync(Path, new { maxAgeDays = 5, expireWarnDays = 3 });
        var addedBody = await BodyAsync(added);
        Assert.Equal(["details"], addedBody.EnumerateObject().Select(p => p.Name));
        Assert.Equal("2", addedBody.GetProperty("details").GetProperty("sequence").GetString());
        Assert.Equal(orgId, addedBody.GetProperty("details").GetProperty("resourceOwner").GetString());
        await ContractAssert.RestErrorAsync(
            await client.PostAsJsonAsync(Path, new { maxAgeDays = 1 }), HttpStatusCode.Conflict, StatusCode.AlreadyExists, "POLICY-AlreadyExists");

        var custom = await GetAsync(client);
        Assert.False(custom.TryGetProperty("isDefault", out _));
        Assert.False(custom.GetProperty("policy").TryGetProperty("isDefault", out _));
        // uint64 fields are JSON strings
        Assert.Equal(JsonValueKind.String, custom.GetProperty("policy").GetProperty("maxAgeDays").ValueKind);
        Assert.Equal("5", custom.GetProperty("policy").GetProperty("maxAgeDays").GetString());
        Assert.Equal("3", custom.GetProperty("policy").GetProperty("expireWarnDays").GetString());
        Assert.Equal("2", custom.GetProperty("policy").GetProperty("details").GetProperty("sequence").GetString());

        await ContractAssert.RestErrorAsync(
            await client.PutAsJsonAsync(Path, new { maxAgeDays = 5, expireWarnDays = 3 }), HttpStatusCode.BadRequest, StatusCode.FailedPrecondition, "POLICY-NotChanged");
        // an omitted field is 0 (proto3), so this is a change
        Assert.Equal("3", await SequenceAsync(await client.PutAsJsonAsync(Path, new { maxAgeDays = 5 })));
        Assert.False((await GetAsync(client)).GetProperty("policy").TryGetProperty("expireWarnDays", out _));

        Assert.Equal("4", await SequenceAsync(await client.DeleteAsync(new Uri(Path, UriKind.Relative))));
        Assert.True((await GetAsync(client)).GetProperty("isDefault").GetBoolean());
        await ContractAssert.RestErrorAsync(await client.DeleteAsync(new Uri(Path, UriKind.Relative)), HttpStatusCode.NotFound, StatusCode.NotFound, "POLICY-NotFound");
        await ContractAssert.RestErrorAsync(
            await client.PutAsJsonAsync(Path, new { maxAgeDays = 9 }), HttpStatusCode.NotFound, StatusCode.NotFound, "POLICY-NotFound");
    }

    [SkippableFact]
    public async Task Grpc_lifecycle_and_errors()
    {
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);
        var grpc = factory.Grpc();
        var headers = ApiFactory.Headers(factory.AdminToken, orgId);

        var initial = await grpc.GetPasswordAgePolicyAsync(new GetPasswordAgePolicyRequest(), headers);
        Assert.True(initial.IsDefault);
        Assert.True(initial.Policy.IsDefault);
        Assert.Equal((0ul, 0ul), (initial.Policy.MaxAgeDays, initial.Policy.ExpireWarnDays));

        var added = await grpc.AddCustomPasswordAgePolicyAsync(new AddCustomPasswordAgePolicyRequest { MaxAgeDays = uint.MaxValue, ExpireWarnDays = 2 }, headers);
        Assert.Equal(2ul, added.Details.Sequence);
        Assert.Equal(orgId, added.Details.ResourceOwner);
        var ex = await Assert.ThrowsAsync<RpcException>(() => grpc.AddCustomPasswordAgePolicyAsync(new AddCustomPasswordAgePolicyRequest(), headers).ResponseAsync);
        ContractAssert.GrpcError(ex, StatusCode.AlreadyExists, "POLICY-AlreadyExists");

        var custom = await grpc.GetPasswordAgePolicyAsync(new GetPasswordAgePolicyRequest(), headers);
        Assert.False(custom.IsDefault);
        Assert.False(custom.Policy.IsDefault);
        Assert.Equal(((ulong)uint.MaxValue, 2ul), (custom.Policy.MaxAgeDays, custom.Policy.ExpireWarnDays));

        ex = await Assert.ThrowsAsync<RpcException>(() => grpc.UpdateCustomPasswordAgePolicyAsync(
            new UpdateCustomPasswordAgePolicyRequest { MaxAgeDays = uint.MaxValue, ExpireWarnDays = 2 }, headers).ResponseAsync);
        ContractAssert.GrpcError(ex, StatusCode.FailedPrecondition, "POLICY-NotChanged");
        var updated = await grpc.UpdateCustomPasswordAgePolicyAsync(new UpdateCustomPasswordAgePolicyRequest { MaxAgeDays = 0, ExpireWarnDays = 0 }, headers);
        Assert.Equal(3ul, updated.Details.Sequence);
        // a custom policy of all zeros (never expires) is still the org's own
        Assert.False((await grpc.GetPasswordAgePolicyAsync(new GetPasswordAgePolicyRequest(), headers)).IsDefault);

        var reset = await grpc.ResetPasswordAgePolicyToDefaultAsync(new ResetPasswordAgePolicyToDefaultRequest(), headers);
        Assert.Equal(4ul, reset.Details.Sequence);
        Assert.True((await grpc.GetPasswordAgePolicyAsync(new GetPasswordAgePolicyRequest(), headers)).IsDefault);
        ex = await Assert.ThrowsAsync<RpcException>(() => grpc.ResetPasswordAgePolicyToDefaultAsync(new ResetPasswordAgePolicyToDefaultRequest(), headers).ResponseAsync);
        ContractAssert.GrpcError(ex, StatusCode.NotFound, "POLICY-NotFound");
        ex = await Assert.ThrowsAsync<RpcException>(() => grpc.UpdateCustomPasswordAgePolicyAsync(new UpdateCustomPasswordAgePolicyRequest { MaxAgeDays = 1 }, headers).ResponseAsync);
        ContractAssert.GrpcError(ex, StatusCode.NotFound, "POLICY-NotFound");
    }

    [SkippableFact]
    public async Task Each_change_writes_an_audit_row_and_an_integration_event_of_the_org()
    {
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);
        var client = factory.Rest(factory.AdminToken, orgId);

        await SequenceAsync(await client.PostAsJsonAsync(Path, new { maxAgeDays = 4, expireWarnDays = 1 }));
        await SequenceAsync(await client.PutAsJsonAsync(Path, new { maxAgeDays = 6, expireWarnDays = 1 }));
        await SequenceAsync(await client.DeleteAsync(new Uri(Path, UriKind.Relative)));

        await using var scope = factory.ModuleServices.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        var audit = await db.Events.Where(e => e.AggregateId == orgId && e.Sequence > 1).OrderBy(e => e.Sequence).ToListAsync();
        Assert.Equal(["org.policy.password.age.added", "org.policy.password.age.changed", "org.policy.password.age.removed"], audit.Select(e => e.EventType));
        Assert.All(audit, e => Assert.Equal(orgId, e.ResourceOwner));
        var changed = JsonDocument.Parse(audit[1].Payload).RootElement;
        Assert.Equal((6, 1), (changed.GetProperty("maxAgeDays").GetInt32(), changed.GetProperty("expireWarnDays").GetInt32()));

        var outbox = await db.OutboxMessages.Where(m => m.AggregateId == orgId && m.Sequence > 1).OrderBy(m => m.Sequence).ToListAsync();
        Assert.Equal(["PasswordAgePolicyAdded", "PasswordAgePolicyChanged", "PasswordAgePolicyRemoved"], outbox.Select(m => m.EventType));
        var published = JsonDocument.Parse(outbox[0].Payload).RootElement;
        Assert.Equal(4, published.GetProperty("MaxAgeDays").GetInt32());
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
            await factory.Rest(manager).PostAsJsonAsync(Path, new { maxAgeDays = 3 }), HttpStatusCode.Forbidden, StatusCode.PermissionDenied, "AUTH-PermissionDenied");
        Assert.Equal("2", await SequenceAsync(await factory.Rest(owner).PostAsJsonAsync(Path, new { maxAgeDays = 3 })));
        await ContractAssert.RestErrorAsync(
            await factory.Rest(manager).DeleteAsync(new Uri(Path, UriKind.Relative)), HttpStatusCode.Forbidden, StatusCode.PermissionDenied, "AUTH-PermissionDenied");
    }

    [SkippableFact]
    public async Task A_value_beyond_uint32_is_refused_on_rest()
    {
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);

        var response = await factory.Rest(factory.AdminToken, orgId).PostAsJsonAsync(Path, new { maxAgeDays = 4294967296L });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await GetAsync(factory.Rest(factory.AdminToken, orgId))).GetProperty("isDefault").GetBoolean());
    }

    [SkippableFact]
    public async Task A_password_older_than_max_age_days_still_signs_in_and_the_answers_say_expired_on_rest_and_grpc()
    {
        const string password = "Correct-Horse-7-Battery";
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);
        var client = factory.Rest(factory.AdminToken, orgId);
        var userId = (await Scenario.ImportAsync(admin, orgId, "aged-" + Guid.NewGuid().ToString("N")[..8], password)).GetProperty("userId").GetString()!;
        await SequenceAsync(await client.PostAsJsonAsync(Path, new { maxAgeDays = 30, expireWarnDays = 5 }));
        var sessions = factory.Rest(factory.AdminToken);
        var grpc = factory.Sessions();
        var headers = ApiFactory.Headers(factory.AdminToken);
        var signIn = new { checks = new { user = new { userId }, password = new { password } } };

        // a fresh password: neither field (zero values are omitted)
        var fresh = await BodyAsync(await sessions.PostAsJsonAsync("/v2/sessions", signIn));
        Assert.False(fresh.TryGetProperty("passwordChangeRequired", out _));
        Assert.False(fresh.TryGetProperty("passwordChangeReason", out _));

        // 29 days and 23 hours old: not yet
        await AgePasswordAsync(userId, TimeSpan.FromDays(30) - TimeSpan.FromHours(1));
        Assert.False((await BodyAsync(await sessions.PostAsJsonAsync("/v2/sessions", signIn))).TryGetProperty("passwordChangeReason", out _));

        await AgePasswordAsync(userId, TimeSpan.FromDays(30) + TimeSpan.FromHours(1));
        var created = await sessions.PostAsJsonAsync("/v2/sessions", signIn);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var createdBody = await BodyAsync(created);
        Assert.True(createdBody.GetProperty("passwordChangeRequired").GetBoolean());
        Assert.Equal("expired", createdBody.GetProperty("passwordChangeReason").GetString());
        var sessionId = createdBody.GetProperty("sessionId").GetString()!;
        var set = await BodyAsync(await sessions.PatchAsJsonAsync($"/v2/sessions/{sessionId}", new { checks = new { password = new { password } } }));
        Assert.True(set.GetProperty("passwordChangeRequired").GetBoolean());
        Assert.Equal("expired", set.GetProperty("passwordChangeReason").GetString());

        var grpcCreated = await grpc.CreateSessionAsync(
            new Zitadel.Session.V2.CreateSessionRequest
            {
                Checks = new() { User = new() { UserId = userId }, Password = new() { Password = password } },
            },
            headers);
        Assert.Equal((true, "expired"), (grpcCreated.PasswordChangeRequired, grpcCreated.PasswordChangeReason));
        var grpcSet = await grpc.SetSessionAsync(
            new Zitadel.Session.V2.SetSessionRequest { SessionId = grpcCreated.SessionId, Checks = new() { Password = new() { Password = password } } }, headers);
        Assert.Equal((true, "expired"), (grpcSet.PasswordChangeRequired, grpcSet.PasswordChangeReason));

        // the stored flag stays the stored flag: v2 GetUserByID does not report the expiry
        var user = await BodyAsync(await sessions.GetAsync(new Uri($"/v2/users/{userId}", UriKind.Relative)));
        Assert.False(user.GetProperty("user").GetProperty("human").TryGetProperty("passwordChangeRequired", out _));

        // the org's own policy of 0 (never expires) lifts it again
        await SequenceAsync(await client.PutAsJsonAsync(Path, new { maxAgeDays = 0 }));
        var never = await BodyAsync(await sessions.PostAsJsonAsync("/v2/sessions", signIn));
        Assert.False(never.TryGetProperty("passwordChangeReason", out _));
    }

    [SkippableFact]
    public async Task An_initial_password_says_set_by_administrator_even_when_it_also_expired_on_rest_and_grpc()
    {
        const string password = "Correct-Horse-7-Battery";
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);
        var userId = (await Scenario.ImportAsync(admin, orgId, "initial-" + Guid.NewGuid().ToString("N")[..8])).GetProperty("userId").GetString()!;
        Assert.True((await Scenario.SetInitialPasswordAsync(admin, userId, password, orgId)).IsSuccessStatusCode);
        await SequenceAsync(await factory.Rest(factory.AdminToken, orgId).PostAsJsonAsync(Path, new { maxAgeDays = 1 }));
        await AgePasswordAsync(userId, TimeSpan.FromDays(2));

        var rest = await BodyAsync(await factory.Rest(factory.AdminToken).PostAsJsonAsync(
            "/v2/sessions", new { checks = new { user = new { userId }, password = new { password } } }));
        Assert.True(rest.GetProperty("passwordChangeRequired").GetBoolean());
        Assert.Equal("set_by_administrator", rest.GetProperty("passwordChangeReason").GetString());

        var grpc = await factory.Sessions().CreateSessionAsync(
            new Zitadel.Session.V2.CreateSessionRequest
            {
                Checks = new() { User = new() { UserId = userId }, Password = new() { Password = password } },
            },
            ApiFactory.Headers(factory.AdminToken));
        Assert.Equal((true, "set_by_administrator"), (grpc.PasswordChangeRequired, grpc.PasswordChangeReason));
    }

    /// <summary>Moves the user's last password change <paramref name="age"/> into the past (the host has no settable clock).</summary>
    private async Task AgePasswordAsync(string userId, TimeSpan age)
    {
        await using var scope = factory.ModuleServices.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        var changedAt = DateTimeOffset.UtcNow - age;
        var updated = await db.Users
            .Where(u => u.Id == new Identity.Domain.Common.UserId(userId))
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.PasswordChangedAt, changedAt));
        Assert.Equal(1, updated);
    }

    internal static async Task<JsonElement> GetAsync(HttpClient client)
    {
        var response = await client.GetAsync(new Uri(Path, UriKind.Relative));
        return await BodyAsync(response);
    }

    private static async Task<JsonElement> BodyAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task<string?> SequenceAsync(HttpResponseMessage response) =>
        (await BodyAsync(response)).GetProperty("details").GetProperty("sequence").GetString();
}

/// <summary>The host with an instance password age default from configuration.</summary>
public sealed class ApiFactoryWithPasswordAgeDefault : ApiFactory
{
    public ApiFactoryWithPasswordAgeDefault()
    {
        Settings["Identity:Passwords:Age:MaxAgeDays"] = "7";
        Settings["Identity:Passwords:Age:ExpireWarnDays"] = "2";
    }
}

public sealed class ConfiguredPasswordAgeDefaultTests(ApiFactoryWithPasswordAgeDefault factory) : IClassFixture<ApiFactoryWithPasswordAgeDefault>
{
    [Fact]
    public async Task The_configured_default_applies_to_orgs_without_their_own_on_rest_and_grpc()
    {
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);

        var rest = await PasswordAgePolicyTests<ApiFactory>.GetAsync(factory.Rest(factory.AdminToken, orgId));
        Assert.True(rest.GetProperty("isDefault").GetBoolean());
        Assert.Equal("7", rest.GetProperty("policy").GetProperty("maxAgeDays").GetString());
        Assert.Equal("2", rest.GetProperty("policy").GetProperty("expireWarnDays").GetString());

        var grpc = factory.Grpc();
        var headers = ApiFactory.Headers(factory.AdminToken, orgId);
        var policy = await grpc.GetPasswordAgePolicyAsync(new GetPasswordAgePolicyRequest(), headers);
        Assert.Equal((7ul, 2ul, true), (policy.Policy.MaxAgeDays, policy.Policy.ExpireWarnDays, policy.IsDefault));

        await grpc.AddCustomPasswordAgePolicyAsync(new AddCustomPasswordAgePolicyRequest { MaxAgeDays = 0 }, headers);
        policy = await grpc.GetPasswordAgePolicyAsync(new GetPasswordAgePolicyRequest(), headers);
        Assert.Equal((0ul, 0ul, false), (policy.Policy.MaxAgeDays, policy.Policy.ExpireWarnDays, policy.IsDefault));
    }
}
