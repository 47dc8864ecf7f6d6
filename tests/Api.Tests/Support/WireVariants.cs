using System.Net;
using System.Net.Http.Json;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Zitadel.Management.V1;

namespace Identity.Api.Tests.Support;

/// <summary>
/// The same call spelled differently on the wire: other letter cases, a trailing slash, another
/// spelling of the bearer scheme, a lower-case gRPC method path.
/// </summary>
public static class WireVariants
{
    /// <summary>SetHumanInitialPassword on REST; <paramref name="pathFormat"/> holds <c>{0}</c> for the user id.</summary>
    public static async Task<HttpResponseMessage> SetPasswordAsync(HttpClient client, string pathFormat, string? authorization, string userId, string password, string? orgId)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var request = new HttpRequestMessage(HttpMethod.Post, string.Format(System.Globalization.CultureInfo.InvariantCulture, pathFormat, userId))
        {
            Content = JsonContent.Create(new { password }),
        };
        if (authorization is not null)
        {
            Assert.True(request.Headers.TryAddWithoutValidation("Authorization", authorization));
        }

        if (orgId is not null)
        {
            request.Headers.Add("x-zitadel-orgid", orgId);
        }

        return await client.SendAsync(request);
    }

    /// <summary>SetHumanInitialPassword on gRPC at <c>/zitadel.management.v1.managementservice/sethumaninitialpassword</c>.</summary>
    public static readonly Method<SetHumanInitialPasswordRequest, SetHumanInitialPasswordResponse> LowerCaseSetPassword = new(
        MethodType.Unary,
        "zitadel.management.v1.managementservice",
        "sethumaninitialpassword",
        Marshallers.Create(r => r.ToByteArray(), SetHumanInitialPasswordRequest.Parser.ParseFrom),
        Marshallers.Create(r => r.ToByteArray(), SetHumanInitialPasswordResponse.Parser.ParseFrom));

    /// <returns>null when the call succeeded, else its error.</returns>
    public static async Task<RpcException?> GrpcSetPasswordAsync(CallInvoker invoker, Method<SetHumanInitialPasswordRequest, SetHumanInitialPasswordResponse> method, string authorization, string userId, string password, string? orgId)
    {
        ArgumentNullException.ThrowIfNull(invoker);
        var headers = new Metadata { { "authorization", authorization } };
        if (orgId is not null)
        {
            headers.Add("x-zitadel-orgid", orgId);
        }

        try
        {
            await invoker.AsyncUnaryCall(method, null, new CallOptions(headers), new SetHumanInitialPasswordRequest { UserId = userId, Password = password });
            return null;
        }
        catch (RpcException ex)
        {
            return ex;
        }
    }

    /// <summary>The canonical gRPC method, through the same helper.</summary>
    public static Method<SetHumanInitialPasswordRequest, SetHumanInitialPasswordResponse> CanonicalSetPassword { get; } = new(
        MethodType.Unary,
        "zitadel.management.v1.ManagementService",
        "SetHumanInitialPassword",
        LowerCaseSetPassword.RequestMarshaller,
        LowerCaseSetPassword.ResponseMarshaller);

    public static CallInvoker Invoker(ApiFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        factory.Start();
        var channel = GrpcChannel.ForAddress(factory.Server.BaseAddress, new GrpcChannelOptions { HttpHandler = factory.Server.CreateHandler() });
        return channel.CreateCallInvoker();
    }

    /// <summary>The Retry-After a refusal carried, in seconds (REST header or gRPC metadata).</summary>
    public static int RetryAfter(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return int.Parse(response.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static int RetryAfter(RpcException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var value = error.Trailers.GetValue("retry-after");
        Assert.True(value is not null, "the gRPC refusal carries no retry-after");
        return int.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Content whose length is not known up front: sent chunked, without Content-Length.</summary>
    public sealed class UnknownLengthContent(byte[] bytes) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }
}
