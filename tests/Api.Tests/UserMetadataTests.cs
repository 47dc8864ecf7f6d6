using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Google.Protobuf;
using Grpc.Core;
using Identity.Api.Tests.Support;
using Identity.Application.Abstractions;
using Identity.Domain.Common;
using Identity.Domain.Users;
using Microsoft.Extensions.DependencyInjection;
using Zitadel.Management.V1;

namespace Identity.Api.Tests;

/// <summary>
/// User metadata through the real host: Set/BulkSet/List/Get/Remove/BulkRemoveUserMetadata on REST (values in base64)
/// and gRPC (raw bytes), SQLite and PostgreSQL; the limits, an unknown user or one of another org, and RemoveUser.
/// The permission cells are in PermissionMatrixTests, the target rule in TargetMatrixTests.
/// </summary>
public sealed class SqliteUserMetadataTests(ApiFactory factory) : UserMetadataTests<ApiFactory>(factory);

public sealed class PostgresUserMetadataTests(PostgresApiFactory factory) : UserMetadataTests<PostgresApiFactory>(factory);

public abstract class UserMetadataTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    /// <summary>Bytes that are not UTF-8 (and a zero byte), so that only a real base64 round trip keeps them.</summary>
    private static readonly byte[] Binary = [0x00, 0xFF, 0xFE, 0x80, 0x7F, 0x0A, 0xC3];

    [SkippableFact]
    public async Task Values_round_trip_as_base64_on_rest_and_each_write_raises_the_sequence_once()
    {
        var (admin, orgId, userId) = await UserAsync();
        var before = await SequenceAsync(admin, userId);

        var set = await Ok(admin.PostAsJsonAsync($"/management/v1/users/{userId}/metadata/bin", new { value = Convert.ToBase64String(Binary) }));
        Assert.Equal((before + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), set.GetProperty("details").GetProperty("sequence").GetString());
        Assert.Equal(orgId, set.GetProperty("details").GetProperty("resourceOwner").GetString());

        var got = (await Ok(admin.GetAsync(Uri($"/management/v1/users/{userId}/metadata/bin")))).GetProperty("metadata");
        Assert.Equal(("bin", Convert.ToBase64String(Binary)), (got.GetProperty("key").GetString(), got.GetProperty("value").GetString()));
        Assert.Equal(set.GetProperty("details").GetProperty("sequence").GetString(), got.GetProperty("details").GetProperty("sequence").GetString());

        var bulk = await Ok(admin.PostAsJsonAsync($"/management/v1/users/{userId}/metadata/_bulk", new
        {
            metadata = new[] { new { key = "app.color", value = "Ymx1ZQ==" }, new { key = "app.size", value = "TA==" }, new { key = "bin", value = "AQ==" } },
        }));
        Assert.Equal((before + 2).ToString(System.Globalization.CultureInfo.InvariantCulture), bulk.GetProperty("details").GetProperty("sequence").GetString());

        var list = await Ok(admin.PostAsJsonAsync($"/management/v1/users/{userId}/metadata/_search", new
        {
            query = new { asc = true },
            queries = new[] { new { keyQuery = new { key = "APP.", method = "TEXT_QUERY_METHOD_STARTS_WITH_IGNORE_CASE" } } },
        }));
        Assert.Equal("2", list.GetProperty("details").GetProperty("totalResult").GetString());
        Assert.Equal(["app.color", "app.size"], list.GetProperty("result").EnumerateArray().Select(m => m.GetProperty("key").GetString()));
        Assert.Equal("blue", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(list.GetProperty("result")[0].GetProperty("value").GetString()!)));
        var page = await Ok(admin.PostAsJsonAsync($"/management/v1/users/{userId}/metadata/_search", new { query = new { offset = 1, limit = 1 } }));
        Assert.Equal(("3", "app.size"), (page.GetProperty("details").GetProperty("totalResult").GetString(), Assert.Single(page.GetProperty("result").EnumerateArray()).GetProperty("key").GetString()));
        Assert.Equal("AQ==", (await Ok(admin.GetAsync(Uri($"/management/v1/users/{userId}/metadata/bin")))).GetProperty("metadata").GetProperty("value").GetString());

        var removed = await Ok(admin.DeleteAsync(Uri($"/management/v1/users/{userId}/metadata/bin")));
        Assert.Equal((before + 3).ToString(System.Globalization.CultureInfo.InvariantCulture), removed.GetProperty("details").GetProperty("sequence").GetString());
        var bulkRemoved = await Ok(admin.SendAsync(BulkDelete(userId, "app.color", "app.size")));
        Assert.Equal((before + 4).ToString(System.Globalization.CultureInfo.InvariantCulture), bulkRemoved.GetProperty("details").GetProperty("sequence").GetString());
        var empty = await Ok(admin.PostAsJsonAsync($"/management/v1/users/{userId}/metadata/_search", new { }));
        Assert.False(empty.TryGetProperty("result", out _));
        await ContractAssert.RestErrorAsync(await admin.GetAsync(Uri($"/management/v1/users/{userId}/metadata/bin")), HttpStatusCode.NotFound, StatusCode.NotFound, "METADATA-NotFound");

        // one event per call, with the keys and never the values
        var changes = await Ok(admin.PostAsJsonAsync($"/management/v1/users/{userId}/changes/_search", new { query = new { asc = true } }));
        var text = changes.ToString();
        Assert.DoesNotContain(Convert.ToBase64String(Binary), text, StringComparison.Ordinal);
        Assert.DoesNotContain("Ymx1ZQ", text, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Values_round_trip_as_raw_bytes_on_grpc()
    {
        var (_, orgId, userId) = await UserAsync();
        var grpc = factory.Grpc();
        var headers = ApiFactory.Headers(factory.AdminToken, orgId);

        var set = await grpc.SetUserMetadataAsync(new SetUserMetadataRequest { Id = userId, Key = "bin", Value = ByteString.CopyFrom(Binary) }, headers);
        await grpc.BulkSetUserMetadataAsync(new BulkSetUserMetadataRequest
        {
            Id = userId,
            Metadata = { new BulkSetUserMetadataRequest.Types.Metadata { Key = "Bin", Value = ByteString.CopyFromUtf8("upper") } },
        }, headers);

        var got = await grpc.GetUserMetadataAsync(new GetUserMetadataRequest { Id = userId, Key = "bin" }, headers);
        Assert.Equal(Binary, got.Metadata.Value.ToByteArray());
        Assert.Equal((set.Details.Sequence, orgId), (got.Metadata.Details.Sequence, got.Metadata.Details.ResourceOwner));
        Assert.Equal("upper", (await grpc.GetUserMetadataAsync(new GetUserMetadataRequest { Id = userId, Key = "Bin" }, headers)).Metadata.Value.ToStringUtf8());
        var list = await grpc.ListUserMetadataAsync(new ListUserMetadataRequest
        {
            Id = userId,
            Queries = { new Zitadel.Metadata.V1.MetadataQuery { KeyQuery = new Zitadel.Metadata.V1.MetadataKeyQuery { Key = "bin", Method = Zitadel.V1.TextQueryMethod.Equals } } },
        }, headers);
        Assert.Equal((1UL, "bin"), (list.Details.TotalResult, Assert.Single(list.Result).Key));

        await grpc.BulkRemoveUserMetadataAsync(new BulkRemoveUserMetadataRequest { Id = userId, Keys = { "bin", "Bin" } }, headers);
        var gone = await Assert.ThrowsAsync<RpcException>(() => grpc.RemoveUserMetadataAsync(new RemoveUserMetadataRequest { Id = userId, Key = "bin" }, headers).ResponseAsync);
        ContractAssert.GrpcError(gone, StatusCode.NotFound, "METADATA-NotFound");
    }

    [SkippableFact]
    public async Task A_bulk_remove_with_an_unknown_key_removes_nothing_and_a_bulk_set_with_a_bad_entry_sets_nothing()
    {
        var (admin, orgId, userId) = await UserAsync();
        await Ok(admin.PostAsJsonAsync($"/management/v1/users/{userId}/metadata/a", new { value = "MQ==" }));
        var sequence = await SequenceAsync(admin, userId);

        await ContractAssert.RestErrorAsync(await admin.SendAsync(BulkDelete(userId, "a", "missing")), HttpStatusCode.NotFound, StatusCode.NotFound, "METADATA-NotFound");
        await InvalidAsync(await admin.PostAsJsonAsync($"/management/v1/users/{userId}/metadata/_bulk", new
        {
            metadata = new[] { new { key = "b", value = "MQ==" }, new { key = "c", value = "" } },
        }), "METADATA-ValueInvalid");
        var grpc = factory.Grpc();
        var headers = ApiFactory.Headers(factory.AdminToken, orgId);
        var noKeys = await Assert.ThrowsAsync<RpcException>(() => grpc.BulkRemoveUserMetadataAsync(new BulkRemoveUserMetadataRequest { Id = userId }, headers).ResponseAsync);
        Assert.Contains("METADATA-NoData", ContractAssert.GrpcError(noKeys, StatusCode.InvalidArgument, "VALIDATION-InvalidArgument"));

        Assert.Equal(sequence, await SequenceAsync(admin, userId));
        var list = await Ok(admin.PostAsJsonAsync($"/management/v1/users/{userId}/metadata/_search", new { }));
        Assert.Equal(["a"], list.GetProperty("result").EnumerateArray().Select(m => m.GetProperty("key").GetString()));
    }

    [SkippableFact]
    public async Task Keys_values_and_queries_out_of_bounds_are_refused_with_their_ids()
    {
        var (admin, orgId, userId) = await UserAsync();

        await InvalidAsync(await admin.PostAsJsonAsync($"/management/v1/users/{userId}/metadata/{new string('k', 201)}", new { value = "MQ==" }), "METADATA-KeyInvalid");
        await InvalidAsync(await admin.PostAsJsonAsync($"/management/v1/users/{userId}/metadata/k", new { }), "METADATA-ValueInvalid");
        await InvalidAsync(await admin.PostAsJsonAsync($"/management/v1/users/{userId}/metadata/_bulk", new { }), "METADATA-NoData");
        await InvalidAsync(await admin.PostAsJsonAsync($"/management/v1/users/{userId}/metadata/_search", new { query = new { limit = 1001 } }), "QUERY-4M0fs");
        await InvalidAsync(await admin.PostAsJsonAsync($"/management/v1/users/{userId}/metadata/_search", new { queries = new[] { new { } } }), "QUERY-Invalid");
        await InvalidAsync(await admin.PostAsJsonAsync($"/management/v1/users/{userId}/metadata/_search", new { queries = new[] { new { keyQuery = new { key = "k", method = 99 } } } }), "QUERY-Invalid");
        var grpc = factory.Grpc();
        var headers = ApiFactory.Headers(factory.AdminToken, orgId);
        var tooLong = await Assert.ThrowsAsync<RpcException>(() => grpc.SetUserMetadataAsync(new SetUserMetadataRequest { Id = userId, Key = new string('k', 201), Value = ByteString.CopyFromUtf8("v") }, headers).ResponseAsync);
        Assert.Contains("METADATA-KeyInvalid", ContractAssert.GrpcError(tooLong, StatusCode.InvalidArgument, "VALIDATION-InvalidArgument"));

        // a value of upstream's maximum (500,000 bytes) is far above the default request body limit (64 KiB): 413 before validation
        await ContractAssert.RestErrorAsync(
            await admin.PostAsJsonAsync($"/management/v1/users/{userId}/metadata/big", new { value = Convert.ToBase64String(new byte[MetadataLimits.MaxValueBytes]) }),
            HttpStatusCode.RequestEntityTooLarge, StatusCode.ResourceExhausted, "API-BodyTooLarge");
    }

    [SkippableFact]
    public async Task The_per_user_limits_answer_resource_exhausted_and_change_nothing()
    {
        var (admin, orgId, userId) = await UserAsync();
        var grpc = factory.Grpc();
        var headers = ApiFactory.Headers(factory.AdminToken, orgId);

        // 101 keys in one call: above the default 100 keys per user
        var many = new BulkSetUserMetadataRequest { Id = userId };
        many.Metadata.AddRange(Enumerable.Range(0, 101).Select(i => new BulkSetUserMetadataRequest.Types.Metadata { Key = "k" + i, Value = ByteString.CopyFromUtf8("v") }));
        ContractAssert.GrpcError(await Assert.ThrowsAsync<RpcException>(() => grpc.BulkSetUserMetadataAsync(many, headers).ResponseAsync), StatusCode.ResourceExhausted, "METADATA-TooManyKeys");
        await ContractAssert.RestErrorAsync(
            await admin.PostAsJsonAsync($"/management/v1/users/{userId}/metadata/_bulk", new { metadata = Enumerable.Range(0, 101).Select(i => new { key = "k" + i, value = "dg==" }) }),
            (HttpStatusCode)429, StatusCode.ResourceExhausted, "METADATA-TooManyKeys");

        // 20 values of 50,000 bytes fill the default 1,000,000 bytes per user; one byte more is refused
        for (var i = 0; i < 20; i++)
        {
            await grpc.SetUserMetadataAsync(new SetUserMetadataRequest { Id = userId, Key = "v" + i, Value = ByteString.CopyFrom(new byte[50_000]) }, headers);
        }

        var sequence = await SequenceAsync(admin, userId);
        ContractAssert.GrpcError(
            await Assert.ThrowsAsync<RpcException>(() => grpc.SetUserMetadataAsync(new SetUserMetadataRequest { Id = userId, Key = "one-more", Value = ByteString.CopyFromUtf8("x") }, headers).ResponseAsync),
            StatusCode.ResourceExhausted, "METADATA-TooLarge");
        await ContractAssert.RestErrorAsync(
            await admin.PostAsJsonAsync($"/management/v1/users/{userId}/metadata/one-more", new { value = "eA==" }), (HttpStatusCode)429, StatusCode.ResourceExhausted, "METADATA-TooLarge");

        // replacing a value by a smaller one is fine
        await grpc.SetUserMetadataAsync(new SetUserMetadataRequest { Id = userId, Key = "v0", Value = ByteString.CopyFromUtf8("small") }, headers);
        Assert.Equal(sequence + 1, await SequenceAsync(admin, userId));
    }

    [SkippableFact]
    public async Task An_unknown_user_or_one_of_another_org_is_not_found_on_both_protocols()
    {
        var (_, orgId, userId) = await UserAsync();
        await Ok(factory.Rest(factory.AdminToken, orgId).PostAsJsonAsync($"/management/v1/users/{userId}/metadata/k", new { value = "dg==" }));
        var otherOrg = await Scenario.AddOrgAsync(factory.Rest(factory.AdminToken));
        var other = factory.Rest(factory.AdminToken, otherOrg);

        foreach (var id in new[] { userId, "404404" })
        {
            await ContractAssert.RestErrorAsync(await other.GetAsync(Uri($"/management/v1/users/{id}/metadata/k")), HttpStatusCode.NotFound, StatusCode.NotFound, "USER-NotFound");
            await ContractAssert.RestErrorAsync(await other.PostAsJsonAsync($"/management/v1/users/{id}/metadata/k", new { value = "dg==" }), HttpStatusCode.NotFound, StatusCode.NotFound, "USER-NotFound");
            await ContractAssert.RestErrorAsync(await other.PostAsJsonAsync($"/management/v1/users/{id}/metadata/_search", new { }), HttpStatusCode.NotFound, StatusCode.NotFound, "USER-NotFound");
            await ContractAssert.RestErrorAsync(await other.SendAsync(BulkDelete(id, "k")), HttpStatusCode.NotFound, StatusCode.NotFound, "USER-NotFound");
            var grpc = await Assert.ThrowsAsync<RpcException>(() => factory.Grpc().RemoveUserMetadataAsync(new RemoveUserMetadataRequest { Id = id, Key = "k" }, ApiFactory.Headers(factory.AdminToken, otherOrg)).ResponseAsync);
            ContractAssert.GrpcError(grpc, StatusCode.NotFound, "USER-NotFound");
        }

        var stillThere = await factory.Grpc().GetUserMetadataAsync(new GetUserMetadataRequest { Id = userId, Key = "k" }, ApiFactory.Headers(factory.AdminToken, orgId));
        Assert.Equal("v", stillThere.Metadata.Value.ToStringUtf8());
    }

    [SkippableFact]
    public async Task Removing_the_user_removes_its_metadata()
    {
        var (admin, _, userId) = await UserAsync();
        await Ok(admin.PostAsJsonAsync($"/management/v1/users/{userId}/metadata/_bulk", new { metadata = new[] { new { key = "a", value = "MQ==" }, new { key = "b", value = "Mg==" } } }));

        await Ok(admin.DeleteAsync(Uri($"/management/v1/users/{userId}")));

        await using var scope = factory.ModuleServices.CreateAsyncScope();
        Assert.Empty(await scope.ServiceProvider.GetRequiredService<IUserMetadataRepository>().AllOfUserAsync(new UserId(userId), default));
        await ContractAssert.RestErrorAsync(await admin.GetAsync(Uri($"/management/v1/users/{userId}/metadata/a")), HttpStatusCode.NotFound, StatusCode.NotFound, "USER-NotFound");
    }

    private async Task<(HttpClient Admin, string OrgId, string UserId)> UserAsync()
    {
        var orgId = await Scenario.AddOrgAsync(factory.Rest(factory.Start()));
        var admin = factory.Rest(factory.AdminToken, orgId);
        var userId = (await Scenario.ImportAsync(admin, orgId, "meta-" + Guid.NewGuid().ToString("N")[..6])).GetProperty("userId").GetString()!;
        return (admin, orgId, userId);
    }

    private static async Task<long> SequenceAsync(HttpClient admin, string userId) =>
        long.Parse((await Ok(admin.GetAsync(Uri($"/management/v1/users/{userId}")))).GetProperty("user").GetProperty("details").GetProperty("sequence").GetString()!, System.Globalization.CultureInfo.InvariantCulture);

    private static HttpRequestMessage BulkDelete(string userId, params string[] keys) =>
        new(HttpMethod.Delete, Uri($"/management/v1/users/{userId}/metadata/_bulk")) { Content = JsonContent.Create(new { keys }) };

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
