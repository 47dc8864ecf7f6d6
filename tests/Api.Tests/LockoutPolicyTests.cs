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

/// <summary>The four lockout policy methods on REST and gRPC.</summary>
public sealed class SqliteLockoutPolicyTests(ApiFactory factory) : LockoutPolicyTests<ApiFactory>(factory);

public sealed class PostgresLockoutPolicyTests(PostgresApiFactory factory) : LockoutPolicyTests<PostgresApiFactory>(factory);

public abstract class LockoutPolicyTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    private const string Path = "/management/v1/policies/lockout";

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
        // the instance default is no lockout: zero values are omitted, as ZITADEL's gateway does
        Assert.False(policy.TryGetProperty("maxPasswordAttempts", out _));
        Assert.False(policy.TryGetProperty("maxOtpAttempts", out _));
        Assert.Equal("1", policy.GetProperty("details").GetProperty("sequence").GetString());
        Assert.Equal(orgId, policy.GetProperty("details").GetProperty("resourceOwner").GetString());

        var added = await client.PostAsJsonAsync(Path, new { maxPasswordAttempts = 5, maxOtpAttempts = 3 });
        var addedBody = await BodyAsync(added);
        Assert.Equal(["details"], addedBody.EnumerateObject().Select(p => p.Name));
        Assert.Equal("2", addedBody.GetProperty("details").GetProperty("sequence").GetString());
        Assert.Equal(orgId, addedBody.GetProperty("details").GetProperty("resourceOwner").GetString());
        await ContractAssert.RestErrorAsync(
            await client.PostAsJsonAsync(Path, new { maxPasswordAttempts = 1 }), HttpStatusCode.Conflict, StatusCode.AlreadyExists, "POLICY-AlreadyExists");

        var custom = await GetAsync(client);
        Assert.False(custom.TryGetProperty("isDefault", out _));
        Assert.False(custom.GetProperty("policy").TryGetProperty("isDefault", out _));
        // uint64 fields are JSON strings
        Assert.Equal(JsonValueKind.String, custom.GetProperty("policy").GetProperty("maxPasswordAttempts").ValueKind);
        Assert.Equal("5", custom.GetProperty("policy").GetProperty("maxPasswordAttempts").GetString());
        Assert.Equal("3", custom.GetProperty("policy").GetProperty("maxOtpAttempts").GetString());
        Assert.Equal("2", custom.GetProperty("policy").GetProperty("details").GetProperty("sequence").GetString());

        await ContractAssert.RestErrorAsync(
            await client.PutAsJsonAsync(Path, new { maxPasswordAttempts = 5, maxOtpAttempts = 3 }), HttpStatusCode.BadRequest, StatusCode.FailedPrecondition, "POLICY-NotChanged");
        // an omitted field is 0 (proto3), so this is a change
        Assert.Equal("3", await SequenceAsync(await client.PutAsJsonAsync(Path, new { maxPasswordAttempts = 5 })));
        Assert.False((await GetAsync(client)).GetProperty("policy").TryGetProperty("maxOtpAttempts", out _));

        Assert.Equal("4", await SequenceAsync(await client.DeleteAsync(new Uri(Path, UriKind.Relative))));
        Assert.True((await GetAsync(client)).GetProperty("isDefault").GetBoolean());
        await ContractAssert.RestErrorAsync(await client.DeleteAsync(new Uri(Path, UriKind.Relative)), HttpStatusCode.NotFound, StatusCode.NotFound, "POLICY-NotFound");
        await ContractAssert.RestErrorAsync(
            await client.PutAsJsonAsync(Path, new { maxPasswordAttempts = 9 }), HttpStatusCode.NotFound, StatusCode.NotFound, "POLICY-NotFound");
    }

    [SkippableFact]
    public async Task Grpc_lifecycle_and_errors()
    {
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);
        var grpc = factory.Grpc();
        var headers = ApiFactory.Headers(factory.AdminToken, orgId);

        var initial = await grpc.GetLockoutPolicyAsync(new GetLockoutPolicyRequest(), headers);
        Assert.True(initial.IsDefault);
        Assert.True(initial.Policy.IsDefault);
        Assert.Equal((0ul, 0ul), (initial.Policy.MaxPasswordAttempts, initial.Policy.MaxOtpAttempts));

        var added = await grpc.AddCustomLockoutPolicyAsync(new AddCustomLockoutPolicyRequest { MaxPasswordAttempts = uint.MaxValue, MaxOtpAttempts = 2 }, headers);
        Assert.Equal(2ul, added.Details.Sequence);
        Assert.Equal(orgId, added.Details.ResourceOwner);
        var ex = await Assert.ThrowsAsync<RpcException>(() => grpc.AddCustomLockoutPolicyAsync(new AddCustomLockoutPolicyRequest(), headers).ResponseAsync);
        ContractAssert.GrpcError(ex, StatusCode.AlreadyExists, "POLICY-AlreadyExists");

        var custom = await grpc.GetLockoutPolicyAsync(new GetLockoutPolicyRequest(), headers);
        Assert.False(custom.IsDefault);
        Assert.False(custom.Policy.IsDefault);
        Assert.Equal(((ulong)uint.MaxValue, 2ul), (custom.Policy.MaxPasswordAttempts, custom.Policy.MaxOtpAttempts));

        ex = await Assert.ThrowsAsync<RpcException>(() => grpc.UpdateCustomLockoutPolicyAsync(
            new UpdateCustomLockoutPolicyRequest { MaxPasswordAttempts = uint.MaxValue, MaxOtpAttempts = 2 }, headers).ResponseAsync);
        ContractAssert.GrpcError(ex, StatusCode.FailedPrecondition, "POLICY-NotChanged");
        var updated = await grpc.UpdateCustomLockoutPolicyAsync(new UpdateCustomLockoutPolicyRequest { MaxPasswordAttempts = 0, MaxOtpAttempts = 0 }, headers);
        Assert.Equal(3ul, updated.Details.Sequence);
        // a custom policy of all zeros (never lock) is still the org's own
        Assert.False((await grpc.GetLockoutPolicyAsync(new GetLockoutPolicyRequest(), headers)).IsDefault);

        var reset = await grpc.ResetLockoutPolicyToDefaultAsync(new ResetLockoutPolicyToDefaultRequest(), headers);
        Assert.Equal(4ul, reset.Details.Sequence);
        Assert.True((await grpc.GetLockoutPolicyAsync(new GetLockoutPolicyRequest(), headers)).IsDefault);
        ex = await Assert.ThrowsAsync<RpcException>(() => grpc.ResetLockoutPolicyToDefaultAsync(new ResetLockoutPolicyToDefaultRequest(), headers).ResponseAsync);
        ContractAssert.GrpcError(ex, StatusCode.NotFound, "POLICY-NotFound");
        ex = await Assert.ThrowsAsync<RpcException>(() => grpc.UpdateCustomLockoutPolicyAsync(new UpdateCustomLockoutPolicyRequest { MaxPasswordAttempts = 1 }, headers).ResponseAsync);
        ContractAssert.GrpcError(ex, StatusCode.NotFound, "POLICY-NotFound");
    }

    [SkippableFact]
    public async Task Each_change_writes_an_audit_row_and_an_integration_event_of_the_org()
    {
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);
        var client = factory.Rest(factory.AdminToken, orgId);

        await SequenceAsync(await client.PostAsJsonAsync(Path, new { maxPasswordAttempts = 4, maxOtpAttempts = 1 }));
        await SequenceAsync(await client.PutAsJsonAsync(Path, new { maxPasswordAttempts = 6, maxOtpAttempts = 1 }));
        await SequenceAsync(await client.DeleteAsync(new Uri(Path, UriKind.Relative)));

        await using var scope = factory.ModuleServices.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        var audit = await db.Events.Where(e => e.AggregateId == orgId && e.Sequence > 1).OrderBy(e => e.Sequence).ToListAsync();
        Assert.Equal(["org.policy.lockout.added", "org.policy.lockout.changed", "org.policy.lockout.removed"], audit.Select(e => e.EventType));
        Assert.All(audit, e => Assert.Equal(orgId, e.ResourceOwner));
        var changed = JsonDocument.Parse(audit[1].Payload).RootElement;
        Assert.Equal((6, 1), (changed.GetProperty("maxPasswordAttempts").GetInt32(), changed.GetProperty("maxOtpAttempts").GetInt32()));

        var outbox = await db.OutboxMessages.Where(m => m.AggregateId == orgId && m.Sequence > 1).OrderBy(m => m.Sequence).ToListAsync();
        Assert.Equal(["LockoutPolicyAdded", "LockoutPolicyChanged", "LockoutPolicyRemoved"], outbox.Select(m => m.EventType));
        var published = JsonDocument.Parse(outbox[0].Payload).RootElement;
        Assert.Equal(4, published.GetProperty("MaxPasswordAttempts").GetInt32());
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
            await factory.Rest(manager).PostAsJsonAsync(Path, new { maxPasswordAttempts = 3 }), HttpStatusCode.Forbidden, StatusCode.PermissionDenied, "AUTH-PermissionDenied");
        Assert.Equal("2", await SequenceAsync(await factory.Rest(owner).PostAsJsonAsync(Path, new { maxPasswordAttempts = 3 })));
        await ContractAssert.RestErrorAsync(
            await factory.Rest(manager).DeleteAsync(new Uri(Path, UriKind.Relative)), HttpStatusCode.Forbidden, StatusCode.PermissionDenied, "AUTH-PermissionDenied");
    }

    [SkippableFact]
    public async Task A_value_beyond_uint32_is_refused_on_rest()
    {
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);

        var response = await factory.Rest(factory.AdminToken, orgId).PostAsJsonAsync(Path, new { maxPasswordAttempts = 4294967296L });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await GetAsync(factory.Rest(factory.AdminToken, orgId))).GetProperty("isDefault").GetBoolean());
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

/// <summary>The host with an instance lockout default from configuration.</summary>
public sealed class ApiFactoryWithLockoutDefault : ApiFactory
{
    public ApiFactoryWithLockoutDefault()
    {
        Settings["Identity:Passwords:Lockout:MaxPasswordAttempts"] = "7";
        Settings["Identity:Passwords:Lockout:MaxOtpAttempts"] = "2";
    }
}

public sealed class ConfiguredLockoutDefaultTests(ApiFactoryWithLockoutDefault factory) : IClassFixture<ApiFactoryWithLockoutDefault>
{
    [Fact]
    public async Task The_configured_default_applies_to_orgs_without_their_own_on_rest_and_grpc()
    {
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);

        var rest = await LockoutPolicyTests<ApiFactory>.GetAsync(factory.Rest(factory.AdminToken, orgId));
        Assert.True(rest.GetProperty("isDefault").GetBoolean());
        Assert.Equal("7", rest.GetProperty("policy").GetProperty("maxPasswordAttempts").GetString());
        Assert.Equal("2", rest.GetProperty("policy").GetProperty("maxOtpAttempts").GetString());

        var grpc = factory.Grpc();
        var headers = ApiFactory.Headers(factory.AdminToken, orgId);
        var policy = await grpc.GetLockoutPolicyAsync(new GetLockoutPolicyRequest(), headers);
        Assert.Equal((7ul, 2ul, true), (policy.Policy.MaxPasswordAttempts, policy.Policy.MaxOtpAttempts, policy.IsDefault));

        await grpc.AddCustomLockoutPolicyAsync(new AddCustomLockoutPolicyRequest { MaxPasswordAttempts = 0 }, headers);
        policy = await grpc.GetLockoutPolicyAsync(new GetLockoutPolicyRequest(), headers);
        Assert.Equal((0ul, 0ul, false), (policy.Policy.MaxPasswordAttempts, policy.Policy.MaxOtpAttempts, policy.IsDefault));
    }
}
