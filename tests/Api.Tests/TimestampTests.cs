using System.Net;
using System.Net.Http.Json;
using System.Text;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Identity.Api.Tests.Support;
using Zitadel.Management.V1;

namespace Identity.Api.Tests;

/// <summary>A protobuf Timestamp outside 0001-01-01..9999-12-31 (or with nanos outside 0..999,999,999) is the caller's error.</summary>
public sealed class TimestampTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    public const string InvalidId = "API-TimestampInvalid";

    /// <summary>Seconds of 9999-12-31T23:59:59Z, the last second a Timestamp may hold.</summary>
    private const long MaxSeconds = 253_402_300_799;

    /// <summary>Seconds of 0001-01-01T00:00:00Z, the first.</summary>
    private const long MinSeconds = -62_135_596_800;

    public static TheoryData<long, int> OutOfRange => new()
    {
        { MaxSeconds + 1, 0 },
        { long.MaxValue, 0 },
        { MinSeconds - 1, 0 },
        { long.MinValue, 0 },
        { 4_102_444_800, -1 },
        { 4_102_444_800, 1_000_000_000 },
        { 4_102_444_800, int.MaxValue },
    };

    [Theory]
    [MemberData(nameof(OutOfRange))]
    public async Task Grpc_an_out_of_range_expiration_date_answers_invalid_argument(long seconds, int nanos)
    {
        var (orgId, machineId) = await MachineAsync();
        var grpc = factory.Grpc();

        var ex = await Assert.ThrowsAsync<RpcException>(() => grpc.AddPersonalAccessTokenAsync(
            new AddPersonalAccessTokenRequest { UserId = machineId, ExpirationDate = new Timestamp { Seconds = seconds, Nanos = nanos } },
            ApiFactory.Headers(factory.AdminToken, orgId)).ResponseAsync);

        ContractAssert.GrpcError(ex, StatusCode.InvalidArgument, InvalidId);
        Assert.DoesNotContain("   at ", ex.Status.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"10000-01-01T00:00:00Z\"")]
    [InlineData("\"9999-12-31T23:59:60Z\"")]
    [InlineData("\"0000-12-31T23:59:59Z\"")]
    [InlineData("\"-0001-01-01T00:00:00Z\"")]
    [InlineData("\"9999-12-31T23:59:59.9999999999Z\"")]
    [InlineData("\"9999-12-31T23:59:59-01:00\"")]
    [InlineData("\"not a date\"")]
    [InlineData("253402300800")]
    [InlineData("{\"seconds\":\"253402300800\"}")]
    public async Task Rest_an_out_of_range_expiration_date_answers_400_in_the_contract_shape(string expirationDate)
    {
        var (orgId, machineId) = await MachineAsync();
        using var content = new StringContent($"{{\"expirationDate\":{expirationDate}}}", Encoding.UTF8, "application/json");

        var response = await factory.Rest(factory.AdminToken, orgId).PostAsync(new Uri($"/management/v1/users/{machineId}/pats", UriKind.Relative), content);

        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        await ContractAssert.RestErrorAsync(response, HttpStatusCode.BadRequest, StatusCode.InvalidArgument, InvalidId);
    }

    [Fact]
    public async Task The_last_second_of_9999_is_a_valid_expiration_date_on_both_protocols()
    {
        var (orgId, machineId) = await MachineAsync();

        var grpc = await factory.Grpc().AddPersonalAccessTokenAsync(
            new AddPersonalAccessTokenRequest { UserId = machineId, ExpirationDate = new Timestamp { Seconds = MaxSeconds, Nanos = 999_999_999 } },
            ApiFactory.Headers(factory.AdminToken, orgId));
        var rest = await factory.Rest(factory.AdminToken, orgId).PostAsJsonAsync($"/management/v1/users/{machineId}/pats", new { expirationDate = "9999-12-31T23:59:59Z" });

        Assert.False(string.IsNullOrEmpty(grpc.Token));
        Assert.True(rest.IsSuccessStatusCode, await rest.Content.ReadAsStringAsync());
    }

    private async Task<(string OrgId, string MachineId)> MachineAsync()
    {
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);
        var machine = await factory.Grpc().AddMachineUserAsync(
            new AddMachineUserRequest { UserName = "bot-" + Guid.NewGuid().ToString("N")[..8], Name = "Bot" }, ApiFactory.Headers(factory.AdminToken, orgId));
        return (orgId, machine.UserId);
    }
}
