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
using Zitadel.V1;

namespace Identity.Api.Tests;

/// <summary>What one org policy of two uint fields looks like on the wire, its stored events and its gRPC calls.</summary>
/// <param name="Path">The REST route of its four methods.</param>
/// <param name="Fields">Its two fields' JSON names (REST and audit payload), first the one an omitted-field request sets.</param>
/// <param name="EventPrefix">The audit event type before <c>.added</c>, <c>.changed</c>, <c>.removed</c>.</param>
/// <param name="IntegrationEvent">The integration event type before <c>Added</c>, <c>Changed</c>, <c>Removed</c>.</param>
/// <param name="GrpcGet">Get: both fields, the response's <c>is_default</c> and the policy's.</param>
/// <param name="GrpcAdd">AddCustom with both fields.</param>
/// <param name="GrpcUpdate">UpdateCustom with both fields.</param>
/// <param name="GrpcReset">ResetToDefault.</param>
public sealed record TwoFieldPolicyApiDescriptor(
    string Path,
    (string First, string Second) Fields,
    string EventPrefix,
    string IntegrationEvent,
    Func<ManagementService.ManagementServiceClient, Metadata, Task<(ulong First, ulong Second, bool IsDefault, bool PolicyIsDefault)>> GrpcGet,
    Func<ManagementService.ManagementServiceClient, Metadata, uint, uint, Task<ObjectDetails>> GrpcAdd,
    Func<ManagementService.ManagementServiceClient, Metadata, uint, uint, Task<ObjectDetails>> GrpcUpdate,
    Func<ManagementService.ManagementServiceClient, Metadata, Task<ObjectDetails>> GrpcReset)
{
    /// <summary>A REST body with the first field only (the second is omitted, so 0 in proto3).</summary>
    public Dictionary<string, long> Body(long first) => new() { [Fields.First] = first };

    /// <summary>A REST body with both fields.</summary>
    public Dictionary<string, long> Body(long first, long second) => new() { [Fields.First] = first, [Fields.Second] = second };
}

/// <summary>The four methods (Get/AddCustom/UpdateCustom/ResetToDefault) every org policy of two uint fields shares, on REST and gRPC.</summary>
public abstract class TwoFieldPolicyApiTests<TFactory>(TFactory factory, TwoFieldPolicyApiDescriptor policy) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    protected TFactory Factory { get; } = factory;

    protected TwoFieldPolicyApiDescriptor Policy { get; } = policy;

    [SkippableFact]
    public async Task Rest_lifecycle_answers_details_with_the_orgs_sequence_and_the_upstream_json_shape()
    {
        var admin = Factory.Rest(Factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);
        var client = Factory.Rest(Factory.AdminToken, orgId);

        var initial = await GetAsync(client, Policy.Path);
        Assert.True(initial.GetProperty("isDefault").GetBoolean());
        var current = initial.GetProperty("policy");
        Assert.True(current.GetProperty("isDefault").GetBoolean());
        // the instance default is all zeros (the policy does nothing): zero values are omitted, as ZITADEL's gateway does
        Assert.False(current.TryGetProperty(Policy.Fields.First, out _));
        Assert.False(current.TryGetProperty(Policy.Fields.Second, out _));
        Assert.Equal("1", current.GetProperty("details").GetProperty("sequence").GetString());
        Assert.Equal(orgId, current.GetProperty("details").GetProperty("resourceOwner").GetString());

        var added = await client.PostAsJsonAsync(Policy.Path, Policy.Body(5, 3));
        var addedBody = await BodyAsync(added);
        Assert.Equal(["details"], addedBody.EnumerateObject().Select(p => p.Name));
        Assert.Equal("2", addedBody.GetProperty("details").GetProperty("sequence").GetString());
        Assert.Equal(orgId, addedBody.GetProperty("details").GetProperty("resourceOwner").GetString());
        await ContractAssert.RestErrorAsync(
            await client.PostAsJsonAsync(Policy.Path, Policy.Body(1)), HttpStatusCode.Conflict, StatusCode.AlreadyExists, "POLICY-AlreadyExists");

        var custom = await GetAsync(client, Policy.Path);
        Assert.False(custom.TryGetProperty("isDefault", out _));
        Assert.False(custom.GetProperty("policy").TryGetProperty("isDefault", out _));
        // uint64 fields are JSON strings
        Assert.Equal(JsonValueKind.String, custom.GetProperty("policy").GetProperty(Policy.Fields.First).ValueKind);
        Assert.Equal("5", custom.GetProperty("policy").GetProperty(Policy.Fields.First).GetString());
        Assert.Equal("3", custom.GetProperty("policy").GetProperty(Policy.Fields.Second).GetString());
        Assert.Equal("2", custom.GetProperty("policy").GetProperty("details").GetProperty("sequence").GetString());

        await ContractAssert.RestErrorAsync(
            await client.PutAsJsonAsync(Policy.Path, Policy.Body(5, 3)), HttpStatusCode.BadRequest, StatusCode.FailedPrecondition, "POLICY-NotChanged");
        // an omitted field is 0 (proto3), so this is a change
        Assert.Equal("3", await SequenceAsync(await client.PutAsJsonAsync(Policy.Path, Policy.Body(5))));
        Assert.False((await GetAsync(client, Policy.Path)).GetProperty("policy").TryGetProperty(Policy.Fields.Second, out _));

        Assert.Equal("4", await SequenceAsync(await client.DeleteAsync(new Uri(Policy.Path, UriKind.Relative))));
        Assert.True((await GetAsync(client, Policy.Path)).GetProperty("isDefault").GetBoolean());
        await ContractAssert.RestErrorAsync(await client.DeleteAsync(new Uri(Policy.Path, UriKind.Relative)), HttpStatusCode.NotFound, StatusCode.NotFound, "POLICY-NotFound");
        await ContractAssert.RestErrorAsync(
            await client.PutAsJsonAsync(Policy.Path, Policy.Body(9)), HttpStatusCode.NotFound, StatusCode.NotFound, "POLICY-NotFound");
    }

    [SkippableFact]
    public async Task Grpc_lifecycle_and_errors()
    {
        var admin = Factory.Rest(Factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);
        var grpc = Factory.Grpc();
        var headers = ApiFactory.Headers(Factory.AdminToken, orgId);

        var initial = await Policy.GrpcGet(grpc, headers);
        Assert.True(initial.IsDefault);
        Assert.True(initial.PolicyIsDefault);
        Assert.Equal((0ul, 0ul), (initial.First, initial.Second));

        var added = await Policy.GrpcAdd(grpc, headers, uint.MaxValue, 2);
        Assert.Equal(2ul, added.Sequence);
        Assert.Equal(orgId, added.ResourceOwner);
        var ex = await Assert.ThrowsAsync<RpcException>(() => Policy.GrpcAdd(grpc, headers, 0, 0));
        ContractAssert.GrpcError(ex, StatusCode.AlreadyExists, "POLICY-AlreadyExists");

        var custom = await Policy.GrpcGet(grpc, headers);
        Assert.False(custom.IsDefault);
        Assert.False(custom.PolicyIsDefault);
        Assert.Equal(((ulong)uint.MaxValue, 2ul), (custom.First, custom.Second));

        ex = await Assert.ThrowsAsync<RpcException>(() => Policy.GrpcUpdate(grpc, headers, uint.MaxValue, 2));
        ContractAssert.GrpcError(ex, StatusCode.FailedPrecondition, "POLICY-NotChanged");
        var updated = await Policy.GrpcUpdate(grpc, headers, 0, 0);
        Assert.Equal(3ul, updated.Sequence);
        // a custom policy of all zeros (the policy does nothing) is still the org's own
        Assert.False((await Policy.GrpcGet(grpc, headers)).IsDefault);

        var reset = await Policy.GrpcReset(grpc, headers);
        Assert.Equal(4ul, reset.Sequence);
        Assert.True((await Policy.GrpcGet(grpc, headers)).IsDefault);
        ex = await Assert.ThrowsAsync<RpcException>(() => Policy.GrpcReset(grpc, headers));
        ContractAssert.GrpcError(ex, StatusCode.NotFound, "POLICY-NotFound");
        ex = await Assert.ThrowsAsync<RpcException>(() => Policy.GrpcUpdate(grpc, headers, 1, 0));
        ContractAssert.GrpcError(ex, StatusCode.NotFound, "POLICY-NotFound");
    }

    [SkippableFact]
    public async Task Each_change_writes_an_audit_row_and_an_integration_event_of_the_org()
    {
        var admin = Factory.Rest(Factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);
        var client = Factory.Rest(Factory.AdminToken, orgId);

        await SequenceAsync(await client.PostAsJsonAsync(Policy.Path, Policy.Body(4, 1)));
        await SequenceAsync(await client.PutAsJsonAsync(Policy.Path, Policy.Body(6, 1)));
        await SequenceAsync(await client.DeleteAsync(new Uri(Policy.Path, UriKind.Relative)));

        await using var scope = Factory.ModuleServices.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        var audit = await db.Events.Where(e => e.AggregateId == orgId && e.Sequence > 1).OrderBy(e => e.Sequence).ToListAsync();
        Assert.Equal([Policy.EventPrefix + ".added", Policy.EventPrefix + ".changed", Policy.EventPrefix + ".removed"], audit.Select(e => e.EventType));
        Assert.All(audit, e => Assert.Equal(orgId, e.ResourceOwner));
        var changed = JsonDocument.Parse(audit[1].Payload).RootElement;
        Assert.Equal((6, 1), (changed.GetProperty(Policy.Fields.First).GetInt32(), changed.GetProperty(Policy.Fields.Second).GetInt32()));

        var outbox = await db.OutboxMessages.Where(m => m.AggregateId == orgId && m.Sequence > 1).OrderBy(m => m.Sequence).ToListAsync();
        Assert.Equal([Policy.IntegrationEvent + "Added", Policy.IntegrationEvent + "Changed", Policy.IntegrationEvent + "Removed"], outbox.Select(m => m.EventType));
        var published = JsonDocument.Parse(outbox[0].Payload).RootElement;
        // the integration event's properties are PascalCase
        Assert.Equal(4, published.GetProperty(char.ToUpperInvariant(Policy.Fields.First[0]) + Policy.Fields.First[1..]).GetInt32());
    }

    [SkippableFact]
    public async Task User_managers_read_the_policy_but_only_owners_change_it()
    {
        var admin = Factory.Rest(Factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);
        var (_, manager) = await Factory.CreateMachineCallerAsync(orgId, Roles.OrgUserManager);
        var (_, owner) = await Factory.CreateMachineCallerAsync(orgId, Roles.OrgOwner);

        Assert.True((await GetAsync(Factory.Rest(manager), Policy.Path)).GetProperty("isDefault").GetBoolean());
        await ContractAssert.RestErrorAsync(
            await Factory.Rest(manager).PostAsJsonAsync(Policy.Path, Policy.Body(3)), HttpStatusCode.Forbidden, StatusCode.PermissionDenied, "AUTH-PermissionDenied");
        Assert.Equal("2", await SequenceAsync(await Factory.Rest(owner).PostAsJsonAsync(Policy.Path, Policy.Body(3))));
        await ContractAssert.RestErrorAsync(
            await Factory.Rest(manager).DeleteAsync(new Uri(Policy.Path, UriKind.Relative)), HttpStatusCode.Forbidden, StatusCode.PermissionDenied, "AUTH-PermissionDenied");
    }

    [SkippableFact]
    public async Task A_value_beyond_uint32_is_refused_on_rest()
    {
        var admin = Factory.Rest(Factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);

        var response = await Factory.Rest(Factory.AdminToken, orgId).PostAsJsonAsync(Policy.Path, Policy.Body(4294967296L));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await GetAsync(Factory.Rest(Factory.AdminToken, orgId), Policy.Path)).GetProperty("isDefault").GetBoolean());
    }

    internal static async Task<JsonElement> GetAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        return await BodyAsync(response);
    }

    protected static async Task<JsonElement> BodyAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    protected static async Task<string?> SequenceAsync(HttpResponseMessage response) =>
        (await BodyAsync(response)).GetProperty("details").GetProperty("sequence").GetString();
}

/// <summary>An instance default of the policy from configuration applies to orgs without their own, on REST and gRPC.</summary>
/// <remarks>The factory configures the first field as 7 and the second as 2.</remarks>
public abstract class ConfiguredTwoFieldPolicyDefaultTests(ApiFactory factory, TwoFieldPolicyApiDescriptor policy)
{
    [Fact]
    public async Task The_configured_default_applies_to_orgs_without_their_own_on_rest_and_grpc()
    {
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);

        var rest = await TwoFieldPolicyApiTests<ApiFactory>.GetAsync(factory.Rest(factory.AdminToken, orgId), policy.Path);
        Assert.True(rest.GetProperty("isDefault").GetBoolean());
        Assert.Equal("7", rest.GetProperty("policy").GetProperty(policy.Fields.First).GetString());
        Assert.Equal("2", rest.GetProperty("policy").GetProperty(policy.Fields.Second).GetString());

        var grpc = factory.Grpc();
        var headers = ApiFactory.Headers(factory.AdminToken, orgId);
        var current = await policy.GrpcGet(grpc, headers);
        Assert.Equal((7ul, 2ul, true), (current.First, current.Second, current.IsDefault));

        await policy.GrpcAdd(grpc, headers, 0, 0);
        current = await policy.GrpcGet(grpc, headers);
        Assert.Equal((0ul, 0ul, false), (current.First, current.Second, current.IsDefault));
    }
}
