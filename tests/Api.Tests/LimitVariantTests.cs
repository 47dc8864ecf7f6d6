using System.Net;
using System.Net.Http.Json;
using System.Text;
using Grpc.Core;
using Identity.Api.Tests.Support;
using Zitadel.Management.V1;

namespace Identity.Api.Tests;

/// <summary>Password calls of one org: at most two run or wait at once; one hashing slot with a long queue behind it.</summary>
public sealed class OrgShareFactory : ApiFactory
{
    public OrgShareFactory()
    {
        Settings["Identity:Passwords:HashIterations"] = "100000";
        Settings["Identity:Limits:PasswordConcurrency"] = "1";
        Settings["Identity:Limits:PasswordQueue"] = "50";
        Settings["Identity:Limits:PasswordCallsPerOrgInFlight"] = "2";
    }
}

/// <summary>Two password calls per org, then the org's bucket is empty (no per-caller bucket).</summary>
public sealed class OrgRateFactory : ApiFactory
{
    public OrgRateFactory()
    {
        Settings["Identity:Limits:PasswordCallsPerOrgPerMinute"] = "1";
        Settings["Identity:Limits:PasswordCallsPerOrgBurst"] = "2";
    }
}

/// <summary>Exactly ten password calls fit (one running, nine waiting), with a realistic hash cost.</summary>
public sealed class TenSlotsFactory : ApiFactory
{
    public TenSlotsFactory()
    {
        Settings["Identity:Passwords:HashIterations"] = "100000";
        Settings["Identity:Limits:PasswordConcurrency"] = "1";
        Settings["Identity:Limits:PasswordQueue"] = "9";
        Settings["Identity:Limits:PasswordCallsPerOrgInFlight"] = "10";
    }
}

/// <summary>The per-caller bucket (three calls) is drawn on by every spelling of the call and of the bearer scheme.</summary>
public sealed class CallerBucketVariantTests(SmallBucketFactory factory) : IClassFixture<SmallBucketFactory>
{
    [Fact]
    public async Task Every_spelling_of_path_scheme_and_protocol_draws_on_one_bucket_per_user()
    {
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);
        var (_, token) = await factory.CreateMachineCallerAsync(orgId, "ORG_OWNER");
        var (_, otherToken) = await factory.CreateMachineCallerAsync(orgId, "ORG_OWNER");
        var userId = (await Scenario.ImportAsync(admin, orgId, "variants")).GetProperty("userId").GetString()!;
        var client = factory.CreateClient();

        var accepted = new[]
        {
            await WireVariants.SetPasswordAsync(client, "/management/v1/users/{0}/password/_initialize", "Bearer " + token, userId, "Sunny-Meadow-41!", orgId),
            await WireVariants.SetPasswordAsync(client, "/MANAGEMENT/V1/USERS/{0}/PASSWORD/_INITIALIZE", "bearer " + token, userId, "Sunny-Meadow-42!", orgId),
            await WireVariants.SetPasswordAsync(client, "/Management/v1/users/{0}/Password/_Initialize/", "Bearer     " + token + "   ", userId, "Sunny-Meadow-43!", orgId),
        };
        var grpcLowerCase = await WireVariants.GrpcSetPasswordAsync(WireVariants.Invoker(factory), WireVariants.LowerCaseSetPassword, "bearer  " + token, userId, "Sunny-Meadow-44!", orgId);
        var grpc = await WireVariants.GrpcSetPasswordAsync(WireVariants.Invoker(factory), WireVariants.CanonicalSetPassword, "BEARER " + token, userId, "Sunny-Meadow-45!", orgId);
        var rest = await WireVariants.SetPasswordAsync(client, "/management/v1/users/{0}/PASSWORD/_initialize/", "BEARER " + token, userId, "Sunny-Meadow-46!", orgId);
        var otherCaller = await WireVariants.SetPasswordAsync(client, "/management/v1/users/{0}/password/_initialize", "Bearer " + otherToken, userId, "Sunny-Meadow-47!", orgId);

        Assert.All(accepted, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.NotNull(grpcLowerCase);
        ContractAssert.GrpcError(grpcLowerCase, StatusCode.ResourceExhausted, "API-RateLimited");
        Assert.True(WireVariants.RetryAfter(grpcLowerCase) >= 1);
        Assert.NotNull(grpc);
        ContractAssert.GrpcError(grpc, StatusCode.ResourceExhausted, "API-RateLimited");
        Assert.True(WireVariants.RetryAfter(grpc) >= 1);
        await ContractAssert.RestErrorAsync(rest, HttpStatusCode.TooManyRequests, StatusCode.ResourceExhausted, "API-RateLimited");
        Assert.True(WireVariants.RetryAfter(rest) >= 1);
        Assert.Equal(HttpStatusCode.OK, otherCaller.StatusCode);
        var user = await factory.Grpc().GetUserByIDAsync(new GetUserByIDRequest { Id = userId }, ApiFactory.Headers(factory.AdminToken, orgId));
        Assert.Equal(5UL, user.User.Details.Sequence); // import + three + the other caller's; the refused ones wrote nothing
    }

    [Fact]
    public async Task Junk_tokens_do_not_draw_on_anyones_bucket()
    {
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);
        var (_, token) = await factory.CreateMachineCallerAsync(orgId, "ORG_OWNER");
        var userId = (await Scenario.ImportAsync(admin, orgId, "junk-bucket")).GetProperty("userId").GetString()!;
        var client = factory.CreateClient();

        var junk = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ =>
            WireVariants.SetPasswordAsync(client, "/management/v1/users/{0}/password/_initialize", "Bearer " + Guid.NewGuid().ToString("N"), userId, "Sunny-Meadow-42!", orgId)));
        var anonymous = await WireVariants.SetPasswordAsync(client, "/management/v1/users/{0}/password/_initialize", null, userId, "Sunny-Meadow-42!", orgId);
        var legitimate = new List<HttpResponseMessage>();
        for (var i = 0; i < 3; i++)
        {
            legitimate.Add(await WireVariants.SetPasswordAsync(client, "/management/v1/users/{0}/password/_initialize", "Bearer " + token, userId, $"Sunny-Meadow-5{i}!", orgId));
        }

        foreach (var response in junk.Append(anonymous))
        {
            await ContractAssert.RestErrorAsync(response, HttpStatusCode.Unauthorized, StatusCode.Unauthenticated, "AUTH-Unauthenticated");
        }

        Assert.All(legitimate, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
    }
}

/// <summary>The hashing slots (one, no queue) are taken by every spelling of both password calls.</summary>
[Collection(RunsAlone.Name)]
public sealed class HashingSlotVariantTests(SingleSlotFactory factory) : IClassFixture<SingleSlotFactory>
{
    [Theory]
    [InlineData("/MANAGEMENT/V1/USERS/{0}/PASSWORD/_INITIALIZE")]
    [InlineData("/management/v1/users/{0}/password/_initialize/")]
    [InlineData("/Management/v1/Users/{0}/Password/_Initialize")]
    public async Task Parallel_password_calls_on_another_spelling_overflow_to_503_with_retry_after(string pathFormat)
    {
        var (orgId, users) = await UsersAsync(8);
        var client = factory.CreateClient();

        var responses = await Task.WhenAll(users.Select(u => WireVariants.SetPasswordAsync(client, pathFormat, "bearer " + factory.AdminToken, u, "Sunny-Meadow-42!", orgId)));

        var refused = responses.Where(r => r.StatusCode != HttpStatusCode.OK).ToList();
        Assert.NotEmpty(refused);
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.OK);
        foreach (var response in refused)
        {
            await ContractAssert.RestErrorAsync(response, HttpStatusCode.ServiceUnavailable, StatusCode.Unavailable, "API-Overloaded");
            Assert.Equal(1, WireVariants.RetryAfter(response));
        }
    }

    [Fact]
    public async Task Parallel_calls_on_the_lower_case_grpc_method_path_overflow_to_unavailable_with_retry_after()
    {
        var (orgId, users) = await UsersAsync(8);
        var invoker = WireVariants.Invoker(factory);

        var results = await Task.WhenAll(users.Select(u => WireVariants.GrpcSetPasswordAsync(invoker, WireVariants.LowerCaseSetPassword, "Bearer " + factory.AdminToken, u, "Sunny-Meadow-42!", orgId)));

        var errors = results.OfType<RpcException>().ToList();
        Assert.NotEmpty(errors);
        Assert.Contains(results, r => r is null);
        Assert.All(errors, e => ContractAssert.GrpcError(e, StatusCode.Unavailable, "API-Overloaded"));
        Assert.All(errors, e => Assert.Equal(1, WireVariants.RetryAfter(e)));
    }

    [Fact]
    public async Task An_import_with_a_password_on_an_upper_case_path_takes_a_hashing_slot_and_one_without_does_not()
    {
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);
        var client = factory.Rest(factory.AdminToken, orgId);

        Task<HttpResponseMessage> Import(int i, string? password) => client.PostAsJsonAsync("/MANAGEMENT/V1/USERS/HUMAN/_IMPORT", new
        {
            userName = $"upper-{i}-{password?.Length ?? 0}",
            profile = new { firstName = "Minnie", lastName = "Mouse" },
            email = new { email = "minnie@acme.test" },
            password,
        });

        var withPassword = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Import(i, "Sunny-Meadow-42!")));
        var without = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Import(i, null)));

        var refused = withPassword.Where(r => r.StatusCode != HttpStatusCode.OK).ToList();
        Assert.NotEmpty(refused);
        foreach (var response in refused)
        {
            await ContractAssert.RestErrorAsync(response, HttpStatusCode.ServiceUnavailable, StatusCode.Unavailable, "API-Overloaded");
            Assert.Equal(1, WireVariants.RetryAfter(response));
        }

        Assert.All(without, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
    }

    private async Task<(string OrgId, List<string> Users)> UsersAsync(int count)
    {
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);
        var users = new List<string>();
        for (var i = 0; i < count; i++)
        {
            users.Add((await Scenario.ImportAsync(admin, orgId, $"variant-{i}")).GetProperty("userId").GetString()!);
        }

        return (orgId, users);
    }
}

/// <summary>One org cannot take all hashing capacity: its share of calls in flight, and optionally its own bucket.</summary>
[Collection(RunsAlone.Name)]
public sealed class OrgShareTests(OrgShareFactory factory) : IClassFixture<OrgShareFactory>
{
    [Fact]
    public async Task An_org_past_its_share_gets_429_while_another_org_is_served()
    {
        var admin = factory.Rest(factory.Start());
        var busyOrg = await Scenario.AddOrgAsync(admin);
        var quietOrg = await Scenario.AddOrgAsync(admin);
        var busyUsers = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            busyUsers.Add((await Scenario.ImportAsync(admin, busyOrg, $"busy-{i}")).GetProperty("userId").GetString()!);
        }

        var quietUser = (await Scenario.ImportAsync(admin, quietOrg, "quiet")).GetProperty("userId").GetString()!;
        var client = factory.CreateClient();
        var invoker = WireVariants.Invoker(factory);

        var rest = busyUsers.Take(4).Select(u => WireVariants.SetPasswordAsync(client, "/management/v1/users/{0}/password/_initialize", "Bearer " + factory.AdminToken, u, "Sunny-Meadow-42!", busyOrg)).ToList();
        var grpc = busyUsers.Skip(4).Select(u => WireVariants.GrpcSetPasswordAsync(invoker, WireVariants.CanonicalSetPassword, "Bearer " + factory.AdminToken, u, "Sunny-Meadow-42!", busyOrg)).ToList();
        var quiet = WireVariants.SetPasswordAsync(client, "/management/v1/users/{0}/password/_initialize", "Bearer " + factory.AdminToken, quietUser, "Sunny-Meadow-42!", quietOrg);
        var restResponses = await Task.WhenAll(rest);
        var grpcErrors = (await Task.WhenAll(grpc)).OfType<RpcException>().ToList();

        Assert.Equal(HttpStatusCode.OK, (await quiet).StatusCode);
        var refused = restResponses.Where(r => r.StatusCode != HttpStatusCode.OK).ToList();
        Assert.True(refused.Count + grpcErrors.Count >= 4, $"{refused.Count} + {grpcErrors.Count} of 8 refused; at most 2 may be in flight at once");
        foreach (var response in refused)
        {
            await ContractAssert.RestErrorAsync(response, HttpStatusCode.TooManyRequests, StatusCode.ResourceExhausted, "API-RateLimited");
            Assert.Equal(1, WireVariants.RetryAfter(response));
        }

        Assert.All(grpcErrors, e => ContractAssert.GrpcError(e, StatusCode.ResourceExhausted, "API-RateLimited"));
        Assert.All(grpcErrors, e => Assert.Equal(1, WireVariants.RetryAfter(e)));
    }
}

public sealed class OrgRateTests(OrgRateFactory factory) : IClassFixture<OrgRateFactory>
{
    [Fact]
    public async Task An_org_past_its_bucket_gets_429_whoever_calls_while_other_orgs_go_on()
    {
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);
        var otherOrg = await Scenario.AddOrgAsync(admin);
        var (_, bot) = await factory.CreateMachineCallerAsync(orgId, "ORG_OWNER");
        var userId = (await Scenario.ImportAsync(admin, orgId, "org-rate")).GetProperty("userId").GetString()!;
        var otherUser = (await Scenario.ImportAsync(admin, otherOrg, "org-rate")).GetProperty("userId").GetString()!;

        var first = await Scenario.SetInitialPasswordAsync(factory.Rest(factory.AdminToken), userId, "Sunny-Meadow-41!", orgId);
        var second = await Scenario.SetInitialPasswordAsync(factory.Rest(bot), userId, "Sunny-Meadow-42!");
        var third = await Scenario.SetInitialPasswordAsync(factory.Rest(bot), userId, "Sunny-Meadow-43!");
        var grpc = await WireVariants.GrpcSetPasswordAsync(WireVariants.Invoker(factory), WireVariants.CanonicalSetPassword, "Bearer " + factory.AdminToken, userId, "Sunny-Meadow-44!", orgId);
        var elsewhere = await Scenario.SetInitialPasswordAsync(factory.Rest(factory.AdminToken), otherUser, "Sunny-Meadow-45!", otherOrg);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        await ContractAssert.RestErrorAsync(third, HttpStatusCode.TooManyRequests, StatusCode.ResourceExhausted, "API-RateLimited");
        Assert.True(WireVariants.RetryAfter(third) >= 1);
        Assert.NotNull(grpc);
        ContractAssert.GrpcError(grpc, StatusCode.ResourceExhausted, "API-RateLimited");
        Assert.True(WireVariants.RetryAfter(grpc) >= 1);
        Assert.Equal(HttpStatusCode.OK, elsewhere.StatusCode);
    }
}

/// <summary>An unauthenticated flood never holds a hashing slot: it is refused before the gate.</summary>
[Collection(RunsAlone.Name)]
public sealed class JunkFloodTests(TenSlotsFactory factory) : IClassFixture<TenSlotsFactory>
{
    [Fact]
    public async Task Two_hundred_junk_token_calls_do_not_make_ten_legitimate_calls_fail()
    {
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);
        var users = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            users.Add((await Scenario.ImportAsync(admin, orgId, $"flood-{i}")).GetProperty("userId").GetString()!);
        }

        var client = factory.CreateClient();
        var invoker = WireVariants.Invoker(factory);
        var junkRest = Enumerable.Range(0, 100).Select(i => WireVariants.SetPasswordAsync(
            client, "/MANAGEMENT/v1/users/{0}/password/_initialize", "Bearer " + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)), users[i % 10], "Sunny-Meadow-42!", orgId)).ToList();
        var junkGrpc = Enumerable.Range(0, 100).Select(i => WireVariants.GrpcSetPasswordAsync(
            invoker, WireVariants.LowerCaseSetPassword, "Bearer " + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)), users[i % 10], "Sunny-Meadow-42!", orgId)).ToList();
        var legitRest = users.Take(5).Select(u => WireVariants.SetPasswordAsync(client, "/management/v1/users/{0}/password/_initialize", "Bearer " + factory.AdminToken, u, "Sunny-Meadow-42!", orgId)).ToList();
        var legitGrpc = users.Skip(5).Select(u => WireVariants.GrpcSetPasswordAsync(invoker, WireVariants.CanonicalSetPassword, "Bearer " + factory.AdminToken, u, "Sunny-Meadow-42!", orgId)).ToList();

        var legitRestResponses = await Task.WhenAll(legitRest);
        var legitGrpcErrors = await Task.WhenAll(legitGrpc);
        var junkRestResponses = await Task.WhenAll(junkRest);
        var junkGrpcErrors = await Task.WhenAll(junkGrpc);

        foreach (var response in legitRestResponses)
        {
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        }

        Assert.All(legitGrpcErrors, e => Assert.Null(e));
        foreach (var response in junkRestResponses)
        {
            await ContractAssert.RestErrorAsync(response, HttpStatusCode.Unauthorized, StatusCode.Unauthenticated, "AUTH-Unauthenticated");
        }

        Assert.All(junkGrpcErrors, e => ContractAssert.GrpcError(e!, StatusCode.Unauthenticated, "AUTH-Unauthenticated"));
    }
}

/// <summary>The body limit and the contract's error shape hold on every spelling of every path.</summary>
public sealed class BodyLimitVariantTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static readonly byte[] Large = Encoding.UTF8.GetBytes("{\"name\":\"" + new string('x', 200_000) + "\"}");

    [Theory]
    [InlineData("/MANAGEMENT/v1/orgs")]
    [InlineData("/Management/V1/Orgs/")]
    [InlineData("/management/v1/users/1/PASSWORD/_INITIALIZE")]
    [InlineData("/MANAGEMENT/v1/no-such-route")]
    [InlineData("/elsewhere")]
    public async Task A_large_body_is_refused_with_413_in_the_contract_shape(string path)
    {
        var anonymous = factory.Rest(null);
        var admin = factory.Rest(factory.Start());

        foreach (var client in new[] { anonymous, admin })
        {
            using var content = new ByteArrayContent(Large);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            await ContractAssert.RestErrorAsync(await client.PostAsync(new Uri(path, UriKind.Relative), content), HttpStatusCode.RequestEntityTooLarge, StatusCode.ResourceExhausted, "API-BodyTooLarge");
        }
    }

    [Theory]
    [InlineData("/MANAGEMENT/v1/orgs")]
    [InlineData("/management/v1/users/1/password/_initialize/")]
    public async Task A_large_body_without_a_length_is_refused_with_413_in_the_contract_shape(string path)
    {
        var admin = factory.Rest(factory.Start());
        using var content = new WireVariants.UnknownLengthContent(Large);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        var response = await admin.PostAsync(new Uri(path, UriKind.Relative), content);

        await ContractAssert.RestErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, StatusCode.ResourceExhausted, "API-BodyTooLarge");
    }

    [Fact]
    public async Task A_small_body_without_a_length_is_served()
    {
        var admin = factory.Rest(factory.Start());
        using var content = new WireVariants.UnknownLengthContent(Encoding.UTF8.GetBytes("{\"name\":\"Chunked " + Guid.NewGuid().ToString("N")[..8] + "\"}"));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        var response = await admin.PostAsync(new Uri("/Management/v1/orgs", UriKind.Relative), content);

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Errors_on_a_mixed_case_path_keep_the_contract_shape()
    {
        var admin = factory.Rest(factory.Start());
        using var malformed = new StringContent("{\"name\":", Encoding.UTF8, "application/json");

        await ContractAssert.RestErrorAsync(await admin.PostAsync(new Uri("/MANAGEMENT/v1/orgs", UriKind.Relative), malformed), HttpStatusCode.BadRequest, StatusCode.InvalidArgument, "API-InvalidRequest");
        await ContractAssert.RestErrorAsync(await admin.GetAsync(new Uri("/Management/V1/nothing-here", UriKind.Relative)), HttpStatusCode.NotFound, StatusCode.NotFound, "API-RouteNotFound");
        await ContractAssert.RestErrorAsync(await factory.Rest(null).GetAsync(new Uri("/MANAGEMENT/v1/orgs/me", UriKind.Relative)), HttpStatusCode.Unauthorized, StatusCode.Unauthenticated, "AUTH-Unauthenticated");
    }

    [Fact]
    public async Task A_grpc_message_above_the_limit_is_refused_with_resource_exhausted()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => factory.Grpc().AddOrgAsync(new AddOrgRequest { Name = new string('x', 200_000) }, ApiFactory.Headers(factory.Start())).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
    }
}
