using System.Net;
using System.Text.Json;
using Grpc.Core;
using Zitadel.V1;

namespace Identity.Api.Tests.Support;

/// <summary>Checks an error against the contract: google.rpc.Status with a zitadel.v1.ErrorDetail carrying the stable id.</summary>
public static class ContractAssert
{
    public const string ErrorDetailType = "type.googleapis.com/zitadel.v1.ErrorDetail";

    /// <returns>The ids of every ErrorDetail, in order.</returns>
    public static async Task<List<string>> RestErrorAsync(HttpResponseMessage response, HttpStatusCode status, StatusCode code, string id)
    {
        ArgumentNullException.ThrowIfNull(response);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {status}, got {response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        Assert.Equal((int)code, root.GetProperty("code").GetInt32());
        Assert.EndsWith($"({id})", root.GetProperty("message").GetString(), StringComparison.Ordinal);
        var details = root.GetProperty("details").EnumerateArray().ToList();
        Assert.NotEmpty(details);
        Assert.All(details, d => Assert.Equal(ErrorDetailType, d.GetProperty("@type").GetString()));
        Assert.All(details, d => Assert.False(string.IsNullOrEmpty(d.GetProperty("message").GetString())));
        var ids = details.Select(d => d.GetProperty("id").GetString()!).ToList();
        Assert.Equal(id, ids[0]);
        return ids;
    }

    /// <returns>The ids of every ErrorDetail, in order.</returns>
    public static List<string> GrpcError(RpcException exception, StatusCode code, string id)
    {
        ArgumentNullException.ThrowIfNull(exception);
        Assert.Equal(code, exception.StatusCode);
        var status = exception.GetRpcStatus();
        Assert.NotNull(status);
        Assert.Equal((int)code, status.Code);
        Assert.EndsWith($"({id})", status.Message, StringComparison.Ordinal);
        var details = status.Details.Select(d => d.Unpack<ErrorDetail>()).ToList();
        Assert.NotEmpty(details);
        Assert.Equal(id, details[0].Id);
        return details.Select(d => d.Id).ToList();
    }
}
