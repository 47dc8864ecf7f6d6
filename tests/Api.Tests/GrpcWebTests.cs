using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Web;
using Identity.Api.Tests.Support;
using Zitadel.Management.V1;

namespace Identity.Api.Tests;

/// <summary>
/// gRPC-Web (<c>application/grpc-web</c> and <c>application/grpc-web-text</c>) over HTTP/1.1 on the REST
/// endpoint, for the module's three services: the same answers, and errors with the same status and
/// <c>zitadel.v1.ErrorDetail</c>s as native gRPC.
/// </summary>
public sealed class GrpcWebTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const string Password = "Correct-Horse-42!";

    [Theory]
    [InlineData(GrpcWebMode.GrpcWeb)]
    [InlineData(GrpcWebMode.GrpcWebText)]
    public async Task Management_and_v2_methods_answer_over_grpc_web(GrpcWebMode mode)
    {
        var token = factory.Start();
        using var channel = WebChannel(mode);
        var admin = factory.Rest(token);
        var orgId = await Scenario.AddOrgAsync(admin);
        var userId = (await Scenario.ImportAsync(admin, orgId, "web")).GetProperty("userId").GetString()!;

        var management = new ManagementService.ManagementServiceClient(channel);
        await management.SetHumanInitialPasswordAsync(new SetHumanInitialPasswordRequest { UserId = userId, Password = Password }, ApiFactory.Headers(token, orgId));
        var v1 = await management.GetUserByIDAsync(new GetUserByIDRequest { Id = userId }, ApiFactory.Headers(token, orgId));
        var v2 = await new Zitadel.User.V2.UserService.UserServiceClient(channel).GetUserByIDAsync(new Zitadel.User.V2.GetUserByIDRequest { UserId = userId }, ApiFactory.Headers(token));
        var native = await factory.UsersV2().GetUserByIDAsync(new Zitadel.User.V2.GetUserByIDRequest { UserId = userId }, ApiFactory.Headers(token));
        var session = await new Zitadel.Session.V2.SessionService.SessionServiceClient(channel).CreateSessionAsync(new Zitadel.Session.V2.CreateSessionRequest
        {
            Checks = new() { User = new() { UserId = userId }, Password = new() { Password = Password } },
        }, ApiFactory.Headers(token));

        Assert.Equal(2ul, v1.User.Details.Sequence);
        Assert.Equal(native, v2);
        Assert.True(v2.User.Human.PasswordChangeRequired);
        Assert.False(string.IsNullOrEmpty(session.SessionToken));
    }

    [Theory]
    [InlineData(GrpcWebMode.GrpcWeb)]
    [InlineData(GrpcWebMode.GrpcWebText)]
    public async Task Errors_carry_the_status_and_details_of_native_grpc(GrpcWebMode mode)
    {
        var token = factory.Start();
        using var channel = WebChannel(mode);
        var admin = factory.Rest(token);
        var orgId = await Scenario.AddOrgAsync(admin);
        var userId = (await Scenario.ImportAsync(admin, orgId, "weak")).GetProperty("userId").GetString()!;
        var weak = new SetHumanInitialPasswordRequest { UserId = userId, Password = "weak" };

        var web = await Assert.ThrowsAsync<RpcException>(() => new ManagementService.ManagementServiceClient(channel).SetHumanInitialPasswordAsync(weak, ApiFactory.Headers(token, orgId)).ResponseAsync);
        var native = await Assert.ThrowsAsync<RpcException>(() => factory.Grpc().SetHumanInitialPasswordAsync(weak, ApiFactory.Headers(token, orgId)).ResponseAsync);

        var webIds = ContractAssert.GrpcError(web, StatusCode.InvalidArgument, "POLICY-PasswordInvalid");
        Assert.Equal(ContractAssert.GrpcError(native, StatusCode.InvalidArgument, "POLICY-PasswordInvalid"), webIds);
        Assert.True(webIds.Count > 2, string.Join(",", webIds));
        Assert.Equal(native.Status.Detail, web.Status.Detail);

        var anonymous = await Assert.ThrowsAsync<RpcException>(() => new Zitadel.User.V2.UserService.UserServiceClient(channel)
            .GetUserByIDAsync(new Zitadel.User.V2.GetUserByIDRequest { UserId = userId }).ResponseAsync);
        Assert.Equal(["AUTH-Unauthenticated"], ContractAssert.GrpcError(anonymous, StatusCode.Unauthenticated, "AUTH-Unauthenticated"));
        var missing = await Assert.ThrowsAsync<RpcException>(() => new Zitadel.User.V2.UserService.UserServiceClient(channel)
            .GetUserByIDAsync(new Zitadel.User.V2.GetUserByIDRequest { UserId = "404404" }, ApiFactory.Headers(token)).ResponseAsync);
        ContractAssert.GrpcError(missing, StatusCode.NotFound, "USER-NotFound");
    }

    /// <summary>The frames as a browser's gRPC-Web client sends and reads them: HTTP/1.1, the status in a trailer frame or the headers.</summary>
    [Fact]
    public async Task Raw_grpc_web_text_frames_over_http11()
    {
        var token = factory.Start();
        var message = new GetMyOrgRequest().ToByteArray();
        var frame = new byte[5 + message.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)message.Length);
        message.CopyTo(frame, 5);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/zitadel.management.v1.ManagementService/GetMyOrg")
        {
            Version = HttpVersion.Version11,
            Content = new StringContent(Convert.ToBase64String(frame), Encoding.ASCII),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc-web-text");
        request.Headers.Add("x-grpc-web", "1");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/grpc-web-text"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var response = await factory.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("application/grpc-web-text", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        var body = DecodeChunks(await response.Content.ReadAsStringAsync());
        var length = (int)BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(1, 4));
        Assert.Equal(0, body[0]);
        var org = GetMyOrgResponse.Parser.ParseFrom(body.AsSpan(5, length));
        Assert.Equal("Default", org.Org.Name);
        var trailer = body.AsSpan(5 + length);
        Assert.Equal(0x80, trailer[0]);
        Assert.Contains("grpc-status:0", Encoding.ASCII.GetString(trailer[5..]).Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    /// <summary>grpc-web-text bodies are base64 chunks, each padded on its own.</summary>
    private static byte[] DecodeChunks(string text)
    {
        var bytes = new List<byte>();
        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            var end = i == text.Length || (text[i] == '=' && (i + 1 == text.Length || text[i + 1] != '='));
            if (end && i > start)
            {
                var chunk = text[start..Math.Min(i + 1, text.Length)];
                bytes.AddRange(Convert.FromBase64String(chunk));
                start = i + 1;
            }
        }

        return [.. bytes];
    }

    private GrpcChannel WebChannel(GrpcWebMode mode) =>
        GrpcChannel.ForAddress(factory.Server.BaseAddress, new GrpcChannelOptions
        {
            HttpHandler = new GrpcWebHandler(mode, factory.Server.CreateHandler()),
            HttpVersion = HttpVersion.Version11,
            HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        });
}
