using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Identity.Api.Tests.Support;

namespace Identity.Api.Tests;

/// <summary>The module's CORS policy (<c>Identity:Cors:AllowedOrigins</c>) on REST, gRPC-Web and Connect paths.</summary>
public sealed class CorsTests
{
    private const string App = "https://app.example.com";

    /// <summary>Preflights a browser sends before a REST call, a gRPC-Web call and a Connect call.</summary>
    public static TheoryData<string, string, string> Preflights => new()
    {
        { "/management/v1/users/123/password/_initialize", "POST", "authorization,content-type,x-zitadel-orgid" },
        { "/v2/sessions/123", "PATCH", "authorization,content-type" },
        { "/zitadel.user.v2.UserService/GetUserByID", "POST", "authorization,content-type,x-grpc-web,x-user-agent,grpc-timeout" },
        { "/zitadel.management.v1.ManagementService/GetMyOrg", "POST", "authorization,content-type,x-grpc-web,x-zitadel-orgid" },
        { "/zitadel.session.v2.SessionService/CreateSession", "POST", "authorization,content-type,connect-protocol-version,connect-timeout-ms" },
        { "/oauth/v2/token", "POST", "authorization,content-type" },
        { "/oauth/v2/introspect", "POST", "authorization,content-type" },
    };

    [Theory]
    [MemberData(nameof(Preflights))]
    public async Task A_listed_origin_gets_its_preflight_answered(string path, string method, string headers)
    {
        using var factory = Factory(App, "http://localhost:3000");
        factory.Start();

        var response = await factory.CreateClient().SendAsync(Preflight(path, method, App, headers));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(App, Header(response, "Access-Control-Allow-Origin"));
        Assert.Contains(method, Header(response, "Access-Control-Allow-Methods")!.Split(','));
        var allowed = Header(response, "Access-Control-Allow-Headers")!.Split(',').Select(h => h.Trim().ToLowerInvariant()).ToList();
        Assert.All(headers.Split(','), h => Assert.Contains(h, allowed));
        Assert.Equal("600", Header(response, "Access-Control-Max-Age"));
    }

    [Fact]
    public async Task The_oauth_endpoints_answer_a_listed_origin_with_its_cors_header_and_only_it()
    {
        using var factory = Factory(App);
        factory.Start();
        var client = factory.CreateClient();

        async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string origin)
        {
            using var request = new HttpRequestMessage(method, path);
            request.Headers.Add("Origin", origin);
            if (method == HttpMethod.Post)
            {
                request.Content = new FormUrlEncodedContent([new("grant_type", "client_credentials"), new("client_id", "nobody"), new("client_secret", "wrong")]);
            }

            return await client.SendAsync(request);
        }

        var token = await SendAsync(HttpMethod.Post, "/oauth/v2/token", App);
        var introspect = await SendAsync(HttpMethod.Post, "/oauth/v2/introspect", App);
        var keys = await SendAsync(HttpMethod.Get, "/oauth/v2/keys", App);
        var discovery = await SendAsync(HttpMethod.Get, "/.well-known/openid-configuration", App);
        var evil = await SendAsync(HttpMethod.Post, "/oauth/v2/token", "https://evil.example.com");

        // answered by OpenIddict and the introspection endpoint, after the CORS policy
        Assert.Equal((HttpStatusCode.Unauthorized, App), (token.StatusCode, Header(token, "Access-Control-Allow-Origin")));
        Assert.Contains("invalid_client", await token.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.Unauthorized, App), (introspect.StatusCode, Header(introspect, "Access-Control-Allow-Origin")));
        Assert.Equal((HttpStatusCode.OK, App), (keys.StatusCode, Header(keys, "Access-Control-Allow-Origin")));
        Assert.Equal((HttpStatusCode.OK, App), (discovery.StatusCode, Header(discovery, "Access-Control-Allow-Origin")));
        Assert.Null(Header(evil, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task An_origin_not_listed_gets_no_cors_headers()
    {
        using var factory = Factory(App);
        factory.Start();
        var client = factory.CreateClient();

        var preflight = await client.SendAsync(Preflight("/v2/sessions", "POST", "https://evil.example.com", "authorization,content-type"));
        using var call = new HttpRequestMessage(HttpMethod.Get, "/management/v1/orgs/me");
        call.Headers.Add("Origin", "https://evil.example.com");
        call.Headers.Authorization = new AuthenticationHeaderValue("Bearer", factory.AdminToken);
        var actual = await client.SendAsync(call);

        Assert.Null(Header(preflight, "Access-Control-Allow-Origin"));
        Assert.Null(Header(preflight, "Access-Control-Allow-Headers"));
        Assert.Equal(HttpStatusCode.OK, actual.StatusCode);
        Assert.Null(Header(actual, "Access-Control-Allow-Origin"));

        // a header outside the list is not allowed either (the browser compares the list)
        var header = await client.SendAsync(Preflight("/v2/sessions", "POST", App, "authorization,x-custom"));
        Assert.DoesNotContain("x-custom", Header(header, "Access-Control-Allow-Headers") ?? "", StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Answers_to_a_listed_origin_expose_the_grpc_status_headers()
    {
        using var factory = Factory(App);
        var token = factory.Start();
        var client = factory.CreateClient();

        using var rest = new HttpRequestMessage(HttpMethod.Get, "/management/v1/orgs/me");
        rest.Headers.Add("Origin", App);
        rest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var restResponse = await client.SendAsync(rest);
        using var connect = new HttpRequestMessage(HttpMethod.Post, "/zitadel.user.v2.UserService/GetUserByID") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        connect.Headers.Add("Origin", App);
        var connectResponse = await client.SendAsync(connect);

        Assert.Equal(HttpStatusCode.OK, restResponse.StatusCode);
        Assert.Equal(App, Header(restResponse, "Access-Control-Allow-Origin"));
        var exposed = Header(restResponse, "Access-Control-Expose-Headers")!.Split(',').Select(h => h.Trim()).ToList();
        Assert.All(new[] { "grpc-status", "grpc-message", "grpc-status-details-bin" }, h => Assert.Contains(h, exposed, StringComparer.OrdinalIgnoreCase));
        Assert.Equal(HttpStatusCode.Unauthorized, connectResponse.StatusCode);
        Assert.Equal(App, Header(connectResponse, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Without_allowed_origins_no_cors_header_is_added()
    {
        using var factory = new ApiFactory();
        var token = factory.Start();
        var client = factory.CreateClient();

        foreach (var (path, method) in new[] { ("/v2/sessions", "POST"), ("/zitadel.user.v2.UserService/GetUserByID", "POST"), ("/management/v1/orgs/me", "GET") })
        {
            var preflight = await client.SendAsync(Preflight(path, method, App, "authorization,content-type"));
            Assert.DoesNotContain(preflight.Headers, h => h.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
        }

        using var call = new HttpRequestMessage(HttpMethod.Get, "/management/v1/orgs/me");
        call.Headers.Add("Origin", App);
        call.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var actual = await client.SendAsync(call);
        Assert.Equal(HttpStatusCode.OK, actual.StatusCode);
        Assert.DoesNotContain(actual.Headers, h => h.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_star_written_by_the_operator_allows_every_origin_and_the_hosts_other_endpoints_stay_untouched()
    {
        using var factory = Factory("*");
        factory.Start();
        var client = factory.CreateClient();

        var preflight = await client.SendAsync(Preflight("/v2/sessions", "POST", "https://any.example.org", "authorization,content-type"));
        using var docs = new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json");
        docs.Headers.Add("Origin", App);
        var hostEndpoint = await client.SendAsync(docs);

        Assert.Equal("*", Header(preflight, "Access-Control-Allow-Origin"));
        Assert.Equal(HttpStatusCode.OK, hostEndpoint.StatusCode);
        Assert.Null(Header(hostEndpoint, "Access-Control-Allow-Origin"));
    }

    [Theory]
    [InlineData("https://app.example.com/")]
    [InlineData("https://app.example.com/path")]
    [InlineData("app.example.com")]
    [InlineData("ftp://app.example.com")]
    [InlineData("https://*.example.com")]
    [InlineData("")]
    public void A_value_that_is_no_origin_stops_start_up_naming_the_key(string origin)
    {
        using var factory = Factory(origin);

        var ex = Assert.ThrowsAny<Exception>(() => factory.Start());

        Assert.Contains("Identity:Cors:AllowedOrigins:0", Flatten(ex), StringComparison.Ordinal);
    }

    [Fact]
    public void A_star_beside_other_origins_stops_start_up()
    {
        using var factory = Factory(App, "*");

        var ex = Assert.ThrowsAny<Exception>(() => factory.Start());

        Assert.Contains("Identity:Cors:AllowedOrigins: '*'", Flatten(ex), StringComparison.Ordinal);
    }

    private static ApiFactory Factory(params string[] origins)
    {
        var factory = new ApiFactory();
        for (var i = 0; i < origins.Length; i++)
        {
            factory.Settings[$"Identity:Cors:AllowedOrigins:{i}"] = origins[i];
        }

        return factory;
    }

    private static HttpRequestMessage Preflight(string path, string method, string origin, string headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", headers);
        return request;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    private static string Flatten(Exception ex) => ex.InnerException is null ? ex.Message : ex.Message + " | " + Flatten(ex.InnerException);
}
