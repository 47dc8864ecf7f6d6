using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Grpc.AspNetCore.Server;
using Identity.Api.Tests.Support;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Zitadel.User.V2;

namespace Identity.Api.Tests;

/// <summary>
/// The Connect protocol's unary binding of the v2 services (<c>POST /zitadel.session.v2.SessionService/CreateSession</c>
/// with <c>application/json</c> or <c>application/proto</c>) through the real host: every method reachable, the
/// answers as REST's JSON (or gRPC's binary message), errors as Connect's error JSON with the same ids and
/// messages as REST and gRPC and Connect's HTTP status mapping.
/// </summary>
public sealed class SqliteConnectTests(ApiFactory factory) : ConnectTests<ApiFactory>(factory)
{
    private readonly ApiFactory _factory = factory;

    /// <summary>
    /// Every v2 method the host maps as gRPC (read from its endpoints, so a new method or service counts) is
    /// reachable over Connect: without a token it answers Connect's unauthenticated, which only the module's
    /// interceptor writes.
    /// </summary>
    [Fact]
    public async Task Every_v2_method_the_host_serves_is_reachable_over_connect()
    {
        _factory.Start();
        var methods = _factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Select(e => e.Metadata.GetMetadata<GrpcMethodMetadata>())
            .OfType<GrpcMethodMetadata>()
            .Where(m => m.Method.ServiceName.StartsWith("zitadel.", StringComparison.Ordinal) && m.Method.ServiceName.Contains(".v2.", StringComparison.Ordinal))
            .Select(m => m.Method.FullName)
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(8, methods.Count);

        foreach (var method in methods)
        {
            var response = await PostAsync(_factory.Rest(null), method, "{}");
            var error = await ConnectErrorAsync(response, HttpStatusCode.Unauthorized, "unauthenticated");
            Assert.True(error.Ids.SequenceEqual(["AUTH-Unauthenticated"]), method + ": " + string.Join(",", error.Ids));
        }
    }
}

public sealed class PostgresConnectTests(PostgresApiFactory factory) : ConnectTests<PostgresApiFactory>(factory);

public abstract class ConnectTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    private const string Password = "Correct-Horse-42!";
    private const string SessionService = "/zitadel.session.v2.SessionService/";
    private const string UserService = "/zitadel.user.v2.UserService/";

    [SkippableFact]
    public async Task Every_session_and_user_method_succeeds_over_connect_json()
    {
        var (admin, _, userId, loginName) = await HumanAsync("connect");
        var connect = factory.Rest(factory.AdminToken);

        var created = await OkAsync(await PostAsync(connect, SessionService + "CreateSession",
            Json(new { checks = new { user = new { loginName }, password = new { password = Password } }, lifetime = "600s" })));
        var sessionId = created.GetProperty("sessionId").GetString()!;
        Assert.False(string.IsNullOrEmpty(created.GetProperty("sessionToken").GetString()));
        Assert.Equal(JsonValueKind.String, created.GetProperty("details").GetProperty("sequence").ValueKind);

        var read = await OkAsync(await PostAsync(connect, SessionService + "GetSession", $$"""{"sessionId":"{{sessionId}}"}"""));
        Assert.Equal(userId, read.GetProperty("session").GetProperty("factors").GetProperty("user").GetProperty("id").GetString());

        var listed = await OkAsync(await PostAsync(connect, SessionService + "ListSessions",
            Json(new { queries = new[] { new { idsQuery = new { ids = new[] { sessionId } } } } })));
        Assert.Equal([sessionId], listed.GetProperty("sessions").EnumerateArray().Select(s => s.GetProperty("id").GetString()));

        var set = await OkAsync(await PostAsync(connect, SessionService + "SetSession", $$"""{"session_id":"{{sessionId}}","lifetime":"900s"}"""));
        Assert.False(string.IsNullOrEmpty(set.GetProperty("sessionToken").GetString()));

        var user = await OkAsync(await PostAsync(connect, UserService + "GetUserByID", $$"""{"userId":"{{userId}}"}"""));
        var rest = JsonDocument.Parse(await admin.GetStringAsync(new Uri($"/v2/users/{userId}", UriKind.Relative))).RootElement;
        Assert.Equal(rest.GetRawText(), user.GetRawText());

        var reset = await OkAsync(await PostAsync(connect, UserService + "PasswordReset", Json(new { userId, returnCode = new { } })));
        var code = reset.GetProperty("verificationCode").GetString();
        await OkAsync(await PostAsync(connect, UserService + "SetPassword",
            Json(new { userId, newPassword = new { password = "Sunny-Meadow-43!" }, verificationCode = code })));

        await OkAsync(await PostAsync(connect, SessionService + "DeleteSession", $$"""{"sessionId":"{{sessionId}}"}"""));
        await ConnectErrorAsync(await PostAsync(connect, SessionService + "GetSession", $$"""{"sessionId":"{{sessionId}}"}"""), HttpStatusCode.NotFound, "not_found");

        // CreateSession answers 201 over REST (as upstream) but 200 over Connect, whose success is always 200
        var signIn = await PostAsync(connect, SessionService + "CreateSession",
            Json(new { checks = new { user = new { loginName }, password = new { password = "Sunny-Meadow-43!" } } }));
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
    }

    [SkippableFact]
    public async Task The_binary_codec_answers_the_same_message_as_grpc()
    {
        var (_, _, userId, _) = await HumanAsync("proto");
        var request = new GetUserByIDRequest { UserId = userId };
        using var content = new ByteArrayContent(request.ToByteArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/proto");

        var response = await factory.Rest(factory.AdminToken).PostAsync(new Uri(UserService + "GetUserByID", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/proto", response.Content.Headers.ContentType?.MediaType);
        var grpc = await factory.UsersV2().GetUserByIDAsync(request, ApiFactory.Headers(factory.AdminToken));
        Assert.Equal(grpc, GetUserByIDResponse.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync()));

        // a binary error is still Connect's error JSON
        using var missing = new ByteArrayContent(new GetUserByIDRequest { UserId = "404404" }.ToByteArray());
        missing.Headers.ContentType = new MediaTypeHeaderValue("application/proto");
        var error = await ConnectErrorAsync(await factory.Rest(factory.AdminToken).PostAsync(new Uri(UserService + "GetUserByID", UriKind.Relative), missing), HttpStatusCode.NotFound, "not_found");
        Assert.Equal(["USER-NotFound"], error.Ids);
    }

    [SkippableFact]
    public async Task A_validation_error_has_the_ids_and_messages_of_rest_and_the_status_of_connect()
    {
        var (admin, _, userId, _) = await HumanAsync("weak");
        const string body = """{"newPassword":{"password":"weak"}}""";

        var connect = await ConnectErrorAsync(await PostAsync(factory.Rest(factory.AdminToken), UserService + "SetPassword", body.Replace("{\"new", $"{{\"userId\":\"{userId}\",\"new", StringComparison.Ordinal)),
            HttpStatusCode.BadRequest, "invalid_argument");
        var restResponse = await admin.PostAsync(new Uri($"/v2/users/{userId}/password", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));
        var restIds = await ContractAssert.RestErrorAsync(restResponse, HttpStatusCode.BadRequest, global::Grpc.Core.StatusCode.InvalidArgument, "POLICY-PasswordInvalid");
        var rest = JsonDocument.Parse(await restResponse.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(restIds, connect.Ids);
        Assert.True(connect.Ids.Count > 2, string.Join(",", connect.Ids));
        Assert.Equal(rest.GetProperty("message").GetString(), connect.Message);
        Assert.Equal(rest.GetProperty("details").EnumerateArray().Select(d => d.GetProperty("message").GetString()), connect.Messages);

        // a request the validator refuses before any lookup
        var empty = await ConnectErrorAsync(await PostAsync(factory.Rest(factory.AdminToken), UserService + "GetUserByID", "{}"), HttpStatusCode.BadRequest, "invalid_argument");
        Assert.NotEmpty(empty.Ids);
    }

    [SkippableFact]
    public async Task Authentication_and_not_found_answer_as_on_the_other_transports()
    {
        var (_, orgId, userId, _) = await HumanAsync("auth");
        var body = $$"""{"userId":"{{userId}}"}""";

        var none = await ConnectErrorAsync(await PostAsync(factory.Rest(null), UserService + "GetUserByID", body), HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.Equal(["AUTH-Unauthenticated"], none.Ids);
        Assert.Equal("A bearer token is required (AUTH-Unauthenticated)", none.Message);
        var bad = await ConnectErrorAsync(await PostAsync(factory.Rest("not-a-token"), UserService + "GetUserByID", body), HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.Equal(["AUTH-Unauthenticated"], bad.Ids);

        // a caller with a role in the user's org but without user.read: 403; one of another org: the same 404 as nobody
        var (_, limited) = await factory.CreateMachineCallerAsync(orgId, "ORG_SETTINGS_MANAGER");
        var denied = await ConnectErrorAsync(await PostAsync(factory.Rest(limited), UserService + "GetUserByID", body), HttpStatusCode.Forbidden, "permission_denied");
        Assert.Equal(["AUTH-PermissionDenied"], denied.Ids);
        var otherOrg = await Scenario.AddOrgAsync(factory.Rest(factory.AdminToken));
        var (_, outsider) = await factory.CreateMachineCallerAsync(otherOrg, "ORG_OWNER");
        var hidden = await ConnectErrorAsync(await PostAsync(factory.Rest(outsider), UserService + "GetUserByID", body), HttpStatusCode.NotFound, "not_found");
        var nobody = await ConnectErrorAsync(await PostAsync(factory.Rest(factory.AdminToken), UserService + "GetUserByID", """{"userId":"404404"}"""), HttpStatusCode.NotFound, "not_found");
        Assert.Equal(["USER-NotFound"], hidden.Ids);
        Assert.Equal(nobody.Message, hidden.Message);

        // the x-zitadel-orgid header plays no role in v2, over Connect neither
        var client = factory.Rest(factory.AdminToken, "no-such-org");
        await OkAsync(await PostAsync(client, UserService + "GetUserByID", body));
    }

    [SkippableFact]
    public async Task Protocol_errors_answer_in_connects_shape()
    {
        var client = factory.Rest(factory.Start());

        var malformed = await ConnectErrorAsync(await PostAsync(client, UserService + "GetUserByID", "{\"userId\":"), HttpStatusCode.BadRequest, "invalid_argument");
        Assert.Equal(["API-InvalidRequest"], malformed.Ids);
        var wrongType = await ConnectErrorAsync(await PostAsync(client, UserService + "GetUserByID", """{"userId":{"x":1}}"""), HttpStatusCode.BadRequest, "invalid_argument");
        Assert.Equal(["API-InvalidRequest"], wrongType.Ids);
        var timestamp = await ConnectErrorAsync(await PostAsync(client, SessionService + "ListSessions",
            """{"queries":[{"creationDateQuery":{"creationDate":"10000-01-01T00:00:00Z"}}]}"""), HttpStatusCode.BadRequest, "invalid_argument");
        Assert.Equal(["API-TimestampInvalid"], timestamp.Ids);

        var unknown = await ConnectErrorAsync(await PostAsync(client, UserService + "DeleteUser", "{}"), HttpStatusCode.NotFound, "not_found");
        Assert.Equal(["API-RouteNotFound"], unknown.Ids);

        using var text = new StringContent("{}", Encoding.UTF8, "text/plain");
        var unsupported = await ConnectErrorAsync(await client.PostAsync(new Uri(UserService + "GetUserByID", UriKind.Relative), text), HttpStatusCode.UnsupportedMediaType, "invalid_argument");
        Assert.Equal(["API-UnsupportedMediaType"], unsupported.Ids);

        var version = await ConnectErrorAsync(await PostAsync(client, UserService + "GetUserByID", "{}", ("Connect-Protocol-Version", "2")), HttpStatusCode.BadRequest, "invalid_argument");
        Assert.Equal(["API-InvalidRequest"], version.Ids);
        var gzip = await ConnectErrorAsync(await PostAsync(client, UserService + "GetUserByID", "{}", ("Content-Encoding", "gzip")), HttpStatusCode.BadRequest, "invalid_argument");
        Assert.Equal(["API-UnsupportedMediaType"], gzip.Ids);

        var large = "{\"userId\":\"" + new string('a', 70 * 1024) + "\"}";
        var tooLarge = await ConnectErrorAsync(await PostAsync(client, UserService + "GetUserByID", large), HttpStatusCode.TooManyRequests, "resource_exhausted");
        Assert.Equal(["API-BodyTooLarge"], tooLarge.Ids);

        // unknown fields are ignored and proto names are accepted, as on REST
        var (_, _, userId, _) = await HumanAsync("names");
        await OkAsync(await PostAsync(client, UserService + "GetUserByID", $$"""{"user_id":"{{userId}}","unknownField":1}"""));
    }

    [SkippableFact]
    public async Task A_connect_timeout_is_passed_on_as_the_calls_deadline_and_a_malformed_one_refused()
    {
        var (_, _, userId, _) = await HumanAsync("deadline");
        var client = factory.Rest(factory.AdminToken);

        await OkAsync(await PostAsync(client, UserService + "GetUserByID", $$"""{"userId":"{{userId}}"}""", ("Connect-Timeout-Ms", "30000")));
        await OkAsync(await PostAsync(client, UserService + "GetUserByID", $$"""{"userId":"{{userId}}"}""", ("Connect-Timeout-Ms", "9999999999")));
        var invalid = await ConnectErrorAsync(await PostAsync(client, UserService + "GetUserByID", "{}", ("Connect-Timeout-Ms", "soon")), HttpStatusCode.BadRequest, "invalid_argument");
        Assert.Equal(["API-InvalidRequest"], invalid.Ids);
    }

    private async Task<(HttpClient Admin, string OrgId, string UserId, string LoginName)> HumanAsync(string name)
    {
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);
        var userId = (await Scenario.ImportAsync(admin, orgId, name)).GetProperty("userId").GetString()!;
        Assert.True((await Scenario.SetInitialPasswordAsync(admin, userId, Password, orgId)).IsSuccessStatusCode);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/management/v1/users/{userId}");
        request.Headers.Add("x-zitadel-orgid", orgId);
        var user = JsonDocument.Parse(await (await admin.SendAsync(request)).Content.ReadAsStringAsync()).RootElement;
        return (admin, orgId, userId, user.GetProperty("user").GetProperty("preferredLoginName").GetString()!);
    }

    private static string Json(object value) => JsonSerializer.Serialize(value);

    internal static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string json, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Connect-Protocol-Version", "1");
        foreach (var (header, value) in headers)
        {
            if (!request.Headers.TryAddWithoutValidation(header, value))
            {
                request.Content.Headers.TryAddWithoutValidation(header, value);
            }
        }

        return await client.SendAsync(request);
    }

    internal static async Task<JsonElement> OkAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    internal sealed record ConnectError(string Message, List<string> Ids, List<string?> Messages);

    /// <summary>Checks Connect's error JSON: the code's name, the HTTP status, and each detail as a zitadel.v1.ErrorDetail (binary value and debug JSON agreeing).</summary>
    internal static async Task<ConnectError> ConnectErrorAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {status}, got {response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var root = JsonDocument.Parse(body).RootElement;
        Assert.Equal(code, root.GetProperty("code").GetString());
        var ids = new List<string>();
        var messages = new List<string?>();
        foreach (var detail in root.GetProperty("details").EnumerateArray())
        {
            Assert.Equal("zitadel.v1.ErrorDetail", detail.GetProperty("type").GetString());
            var value = detail.GetProperty("value").GetString()!;
            var decoded = Zitadel.V1.ErrorDetail.Parser.ParseFrom(Convert.FromBase64String(value.PadRight(value.Length + ((4 - (value.Length % 4)) % 4), '=')));
            Assert.Equal(decoded.Id, detail.GetProperty("debug").GetProperty("id").GetString());
            Assert.Equal(decoded.Message, detail.GetProperty("debug").GetProperty("message").GetString());
            ids.Add(decoded.Id);
            messages.Add(decoded.Message);
        }

        Assert.NotEmpty(ids);
        Assert.EndsWith($"({ids[0]})", root.GetProperty("message").GetString(), StringComparison.Ordinal);
        return new ConnectError(root.GetProperty("message").GetString()!, ids, messages);
    }
}
