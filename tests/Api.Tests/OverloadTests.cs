using System.Net;
using System.Net.Http.Json;
using Grpc.Core;
using Identity.Api.Tests.Support;
using Zitadel.Management.V1;

namespace Identity.Api.Tests;

/// <summary>One hashing slot, no queue, and a realistic hash cost: parallel password calls overflow.</summary>
/// <summary>
/// One hashing slot and no queue, with a hash slow enough (about 0.3 s idle) that calls sent together
/// overlap even on a loaded machine (at 100,000 iterations they sometimes ran one after another there).
/// </summary>
public sealed class SingleSlotFactory : ApiFactory
{
    public SingleSlotFactory()
    {
        Settings["Identity:Passwords:HashIterations"] = "400000";
        Settings["Identity:Limits:PasswordConcurrency"] = "1";
        Settings["Identity:Limits:PasswordQueue"] = "0";
        Settings["Identity:Limits:PasswordCallsPerOrgInFlight"] = "100";
    }
}

/// <summary>Three password calls per caller, then the bucket is empty.</summary>
public sealed class SmallBucketFactory : ApiFactory
{
    public SmallBucketFactory()
    {
        Settings["Identity:Limits:PasswordCallsPerCallerPerMinute"] = "1";
        Settings["Identity:Limits:PasswordCallsPerCallerBurst"] = "3";
    }
}

[Collection(RunsAlone.Name)]
public sealed class OverloadTests(SingleSlotFactory factory) : IClassFixture<SingleSlotFactory>
{
    [Fact]
    public async Task Password_calls_beyond_the_hashing_slots_are_refused_fast_and_leave_no_trace()
    {
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);
        var users = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            users.Add((await Scenario.ImportAsync(admin, orgId, $"load-{i}")).GetProperty("userId").GetString()!);
        }

        var responses = await Task.WhenAll(users.Select(u => Scenario.SetInitialPasswordAsync(factory.Rest(factory.AdminToken), u, "Sunny-Meadow-42!", orgId)));

        var refused = responses.Where(r => r.StatusCode != HttpStatusCode.OK).ToList();
        Assert.NotEmpty(refused);
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.OK);
        foreach (var response in refused)
        {
            await ContractAssert.RestErrorAsync(response, HttpStatusCode.ServiceUnavailable, StatusCode.Unavailable, "API-Overloaded");
            Assert.Equal("1", response.Headers.GetValues("Retry-After").Single());
        }

        var sequences = await Task.WhenAll(users.Select(async u =>
            (await factory.Grpc().GetUserByIDAsync(new GetUserByIDRequest { Id = u }, ApiFactory.Headers(factory.AdminToken, orgId))).User.Details.Sequence));
        Assert.Equal(responses.Count(r => r.StatusCode == HttpStatusCode.OK), sequences.Count(s => s == 2));
        Assert.Equal(refused.Count, sequences.Count(s => s == 1));
    }

    [Fact]
    public async Task Over_grpc_the_refusal_is_unavailable_in_the_contract_shape()
    {
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);
        var users = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            users.Add((await Scenario.ImportAsync(admin, orgId, $"grpc-load-{i}")).GetProperty("userId").GetString()!);
        }

        var calls = users.Select(async u =>
        {
            try
            {
                await factory.Grpc().SetHumanInitialPasswordAsync(new SetHumanInitialPasswordRequest { UserId = u, Password = "Sunny-Meadow-42!" }, ApiFactory.Headers(factory.AdminToken, orgId));
                return null;
            }
            catch (RpcException ex)
            {
                return ex;
            }
        });
        var errors = (await Task.WhenAll(calls)).OfType<RpcException>().ToList();

        Assert.NotEmpty(errors);
        Assert.True(errors.Count < users.Count);
        Assert.All(errors, e => ContractAssert.GrpcError(e, StatusCode.Unavailable, "API-Overloaded"));
        Assert.All(errors, e => Assert.Equal(1, WireVariants.RetryAfter(e)));
    }

    [Fact]
    public async Task Other_calls_are_not_limited()
    {
        factory.Start();
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => factory.Rest(factory.AdminToken).GetAsync(new Uri("/management/v1/orgs/me", UriKind.Relative))));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
    }
}

public sealed class PerCallerRateLimitTests(SmallBucketFactory factory) : IClassFixture<SmallBucketFactory>
{
    [Fact]
    public async Task A_caller_past_its_bucket_gets_429_with_retry_after_while_others_go_on()
    {
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);
        var (_, other) = await factory.CreateMachineCallerAsync(orgId, "ORG_OWNER");
        var userId = (await Scenario.ImportAsync(factory.Rest(other), orgId, "bucket")).GetProperty("userId").GetString()!;

        var first = new List<HttpResponseMessage>();
        for (var i = 0; i < 3; i++)
        {
            first.Add(await Scenario.SetInitialPasswordAsync(admin, userId, $"Sunny-Meadow-4{i}!", orgId));
        }

        var limited = await Scenario.SetInitialPasswordAsync(admin, userId, "Sunny-Meadow-49!", orgId);
        var otherCaller = await Scenario.SetInitialPasswordAsync(factory.Rest(other), userId, "Sunny-Meadow-50!");

        Assert.All(first, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        await ContractAssert.RestErrorAsync(limited, HttpStatusCode.TooManyRequests, StatusCode.ResourceExhausted, "API-RateLimited");
        Assert.True(int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        Assert.Equal(HttpStatusCode.OK, otherCaller.StatusCode);
        var grpc = await Assert.ThrowsAsync<RpcException>(() => factory.Grpc().SetHumanInitialPasswordAsync(
            new SetHumanInitialPasswordRequest { UserId = userId, Password = "Sunny-Meadow-51!" }, ApiFactory.Headers(factory.AdminToken, orgId)).ResponseAsync);
        ContractAssert.GrpcError(grpc, StatusCode.ResourceExhausted, "API-RateLimited");
    }

    [Fact]
    public async Task Request_bodies_are_limited_in_size()
    {
        var admin = factory.Rest(factory.Start());
        var huge = new string('x', 200_000);

        var response = await admin.PostAsJsonAsync("/management/v1/orgs", new { name = huge });

        await ContractAssert.RestErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, StatusCode.ResourceExhausted, "API-BodyTooLarge");
    }
}
