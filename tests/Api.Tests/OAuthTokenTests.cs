using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Grpc.Core;
using Identity.Api.Tests.Support;
using KeyFile = Identity.Api.Tests.Support.OAuthAssertions.KeyFile;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Zitadel.Management.V1;

namespace Identity.Api.Tests;

/// <summary>
/// The OAuth token endpoint through the real host, SQLite and PostgreSQL: a key file from AddMachineKey signs a
/// JWT-profile assertion, the access token it buys calls SetHumanInitialPassword over REST and gRPC; client
/// credentials (basic and form); each refusal (expired, replayed, badly signed, wrong audience, removed key,
/// deactivated user, wrong secret); discovery and JWKS.
/// </summary>
public sealed class SqliteOAuthTokenTests(ApiFactory factory) : OAuthTokenTests<ApiFactory>(factory);

public sealed class PostgresOAuthTokenTests(PostgresApiFactory factory) : OAuthTokenTests<PostgresApiFactory>(factory);

public abstract class OAuthTokenTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    private const string JwtBearer = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    private const string Scopes = "openid profile urn:zitadel:iam:org:project:id:zitadel:aud";

    /// <summary>The test server's base address, which is the issuer when none is configured.</summary>
    private string Issuer => factory.Server.BaseAddress.AbsoluteUri.TrimEnd('/');

    [SkippableFact]
    public async Task A_key_file_assertion_buys_a_token_that_calls_SetHumanInitialPassword_over_rest_and_grpc()
    {
        var (admin, orgId) = await OrgAsync();
        var machine = await MemberMachineAsync(admin);
        var keyFile = await KeyFileAsync(admin, machine);

        using var anonymous = factory.Rest(null);
        var response = await PostTokenAsync(("grant_type", JwtBearer), ("assertion", Assertion(keyFile)), ("scope", Scopes));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("Bearer", json.RootElement.GetProperty("token_type").GetString());
        Assert.Equal(JsonValueKind.Number, json.RootElement.GetProperty("expires_in").ValueKind);
        Assert.InRange(json.RootElement.GetProperty("expires_in").GetInt32(), 12 * 3600 - 60, 12 * 3600);
        Assert.False(json.RootElement.TryGetProperty("id_token", out _));
        var token = json.RootElement.GetProperty("access_token").GetString()!;

        // the token is a JWT signed by a key the JWKS publishes, naming the machine user
        var jwt = new JsonWebToken(token);
        Assert.Equal((machine, "at+jwt", Issuer), (jwt.Subject, jwt.Typ, jwt.Issuer));
        var keys = await Ok(anonymous.GetAsync(new Uri("/oauth/v2/keys", UriKind.Relative)));
        Assert.Contains(jwt.Kid, keys.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()));

        // REST and gRPC accept it beside PATs; the machine user's org role applies
        var humanOne = (await Scenario.ImportAsync(admin, orgId, "h-" + Guid.NewGuid().ToString("N")[..8])).GetProperty("userId").GetString()!;
        var humanTwo = (await Scenario.ImportAsync(admin, orgId, "h-" + Guid.NewGuid().ToString("N")[..8])).GetProperty("userId").GetString()!;
        using var rest = factory.Rest(token, orgId);
        var set = await Scenario.SetInitialPasswordAsync(rest, humanOne, "Sunny-Meadow-42!");
        Assert.True(set.StatusCode == HttpStatusCode.OK, await set.Content.ReadAsStringAsync());
        await factory.Grpc().SetHumanInitialPasswordAsync(
            new SetHumanInitialPasswordRequest { UserId = humanTwo, Password = "Sunny-Meadow-42!" }, ApiFactory.Headers(token, orgId));
    }

    [SkippableFact]
    public async Task Client_credentials_with_basic_auth_and_form_buy_tokens_and_a_wrong_secret_is_invalid_client()
    {
        var (admin, orgId) = await OrgAsync();
        var machine = await MemberMachineAsync(admin);
        var secret = await Ok(admin.PutAsJsonAsync($"/management/v1/users/{machine}/secret", new { }));
        var (clientId, clientSecret) = (secret.GetProperty("clientId").GetString()!, secret.GetProperty("clientSecret").GetString()!);
        using var anonymous = factory.Rest(null);

        using var basic = new HttpRequestMessage(HttpMethod.Post, "/oauth/v2/token") { Content = Form(("grant_type", "client_credentials"), ("scope", Scopes)) };
        basic.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.EscapeDataString(clientId) + ":" + Uri.EscapeDataString(clientSecret))));
        var viaBasic = await TokenAsync(await anonymous.SendAsync(basic));
        var viaForm = await TokenAsync(await anonymous.PostAsync(new Uri("/oauth/v2/token", UriKind.Relative),
            Form(("grant_type", "client_credentials"), ("client_id", clientId), ("client_secret", clientSecret), ("scope", Scopes))));

        var humanId = (await Scenario.ImportAsync(admin, orgId, "h-" + Guid.NewGuid().ToString("N")[..8])).GetProperty("userId").GetString()!;
        foreach (var token in new[] { viaBasic, viaForm })
        {
            using var rest = factory.Rest(token, orgId);
            var me = await rest.GetAsync(new Uri($"/management/v1/users/{humanId}", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        }

        var wrong = await anonymous.PostAsync(new Uri("/oauth/v2/token", UriKind.Relative),
            Form(("grant_type", "client_credentials"), ("client_id", clientId), ("client_secret", clientSecret + "x")));
        await OAuthErrorAsync(wrong, "invalid_client");
    }

    [SkippableFact]
    public async Task Bad_assertions_are_invalid_grant()
    {
        var (admin, _) = await OrgAsync();
        var machine = await MemberMachineAsync(admin);
        var keyFile = await KeyFileAsync(admin, machine);
        using var otherKey = RSA.Create(2048);
        var now = DateTimeOffset.UtcNow;

        var cases = new (string Name, string Assertion)[]
        {
            ("expired", Assertion(keyFile, issuedAt: now.AddHours(-2), expires: now.AddHours(-1))),
            ("wrong audience", Assertion(keyFile, audience: "https://elsewhere.example")),
            ("badly signed", Assertion(keyFile, signWith: otherKey)),
            ("iat in the future", Assertion(keyFile, issuedAt: now.AddHours(1), expires: now.AddHours(2))),
            ("sub differs from iss", Assertion(keyFile, subject: "someone-else")),
            ("unknown key", Assertion(keyFile with { KeyId = "1" + keyFile.KeyId })),
            ("not a JWT", "not-a-jwt"),
        };
        foreach (var (name, assertion) in cases)
        {
            var response = await PostTokenAsync(("grant_type", JwtBearer), ("assertion", assertion));
            await OAuthErrorAsync(response, "invalid_grant", name);
        }

        // a jti is good once
        var once = Assertion(keyFile, jti: Guid.NewGuid().ToString("N"));
        await TokenAsync(await PostTokenAsync(("grant_type", JwtBearer), ("assertion", once)));
        await OAuthErrorAsync(await PostTokenAsync(("grant_type", JwtBearer), ("assertion", once)), "invalid_grant", "replay");
    }

    [SkippableFact]
    public async Task Removing_the_key_or_deactivating_the_user_stops_issued_tokens_at_once()
    {
        var (admin, orgId) = await OrgAsync();
        var machine = await MemberMachineAsync(admin);
        var keyFile = await KeyFileAsync(admin, machine);
        var secondKey = await KeyFileAsync(admin, machine);
        var first = await JwtProfileTokenAsync(keyFile);
        var second = await JwtProfileTokenAsync(secondKey);
        var path = new Uri($"/management/v1/users/{machine}", UriKind.Relative);
        Assert.Equal(HttpStatusCode.OK, (await factory.Rest(first, orgId).GetAsync(path)).StatusCode);

        // the key is removed: its token stops, a new assertion with it is refused, the other key's token still works
        Assert.Equal(HttpStatusCode.OK, (await admin.DeleteAsync(new Uri($"/management/v1/users/{machine}/keys/{keyFile.KeyId}", UriKind.Relative))).StatusCode);
        await ContractAssert.RestErrorAsync(await factory.Rest(first, orgId).GetAsync(path), HttpStatusCode.Unauthorized, StatusCode.Unauthenticated, "AUTH-Unauthenticated");
        ContractAssert.GrpcError(await Assert.ThrowsAsync<RpcException>(() => factory.Grpc().GetUserByIDAsync(new GetUserByIDRequest { Id = machine }, ApiFactory.Headers(first, orgId)).ResponseAsync),
            StatusCode.Unauthenticated, "AUTH-Unauthenticated");
        await OAuthErrorAsync(await PostTokenAsync(("grant_type", JwtBearer), ("assertion", Assertion(keyFile))), "invalid_grant");
        Assert.Equal(HttpStatusCode.OK, (await factory.Rest(second, orgId).GetAsync(path)).StatusCode);

        // the user is deactivated: every token of it stops, and no new one is issued
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/management/v1/users/{machine}/_deactivate", new { })).StatusCode);
        await ContractAssert.RestErrorAsync(await factory.Rest(second, orgId).GetAsync(path), HttpStatusCode.Unauthorized, StatusCode.Unauthenticated, "AUTH-Unauthenticated");
        await OAuthErrorAsync(await PostTokenAsync(("grant_type", JwtBearer), ("assertion", Assertion(secondKey))), "invalid_grant");
    }

    [SkippableFact]
    public async Task Discovery_names_the_token_endpoint_and_the_keys_and_a_forged_token_is_refused()
    {
        using var anonymous = factory.Rest(null);
        var discovery = await Ok(anonymous.GetAsync(new Uri("/.well-known/openid-configuration", UriKind.Relative)));
        Assert.Equal(Issuer, discovery.GetProperty("issuer").GetString());
        Assert.Equal(Issuer + "/oauth/v2/token", discovery.GetProperty("token_endpoint").GetString());
        Assert.Equal(Issuer + "/oauth/v2/keys", discovery.GetProperty("jwks_uri").GetString());
        Assert.Contains(JwtBearer, discovery.GetProperty("grant_types_supported").EnumerateArray().Select(g => g.GetString()));
        Assert.Equal(Issuer + "/oauth/v2/introspect", discovery.GetProperty("introspection_endpoint").GetString());

        // the JWKS lists the module's RSA signing keys, public parts only
        var keys = await Ok(anonymous.GetAsync(new Uri("/oauth/v2/keys", UriKind.Relative)));
        Assert.All(keys.GetProperty("keys").EnumerateArray(), k =>
        {
            Assert.Equal(("RSA", "sig", "RS256"), (k.GetProperty("kty").GetString(), k.GetProperty("use").GetString(), k.GetProperty("alg").GetString()));
            Assert.False(k.TryGetProperty("d", out _));
        });
        Assert.NotEmpty(keys.GetProperty("keys").EnumerateArray());

        // a token of the right shape signed by anyone else's key is not accepted
        var (admin, orgId) = await OrgAsync();
        var machine = await MemberMachineAsync(admin);
        using var forger = RSA.Create(2048);
        var forged = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            TokenType = "at+jwt",
            Claims = new Dictionary<string, object> { ["sub"] = machine },
            Expires = DateTime.UtcNow.AddHours(1),
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(forger) { KeyId = "k" }, SecurityAlgorithms.RsaSha256),
        });
        await ContractAssert.RestErrorAsync(await factory.Rest(forged, orgId).GetAsync(new Uri($"/management/v1/users/{machine}", UriKind.Relative)),
            HttpStatusCode.Unauthorized, StatusCode.Unauthenticated, "AUTH-Unauthenticated");
    }

    [SkippableFact]
    public async Task A_client_credentials_token_stops_when_its_secret_is_replaced_or_removed()
    {
        var (admin, orgId) = await OrgAsync();
        var machine = await MemberMachineAsync(admin);
        var path = new Uri($"/management/v1/users/{machine}", UriKind.Relative);
        using var anonymous = factory.Rest(null);

        async Task<string> TokenWithNewSecretAsync()
        {
            var secret = await Ok(admin.PutAsJsonAsync($"/management/v1/users/{machine}/secret", new { }));
            return await TokenAsync(await anonymous.PostAsync(new Uri("/oauth/v2/token", UriKind.Relative), Form(
                ("grant_type", "client_credentials"), ("client_id", secret.GetProperty("clientId").GetString()!), ("client_secret", secret.GetProperty("clientSecret").GetString()!))));
        }

        var first = await TokenWithNewSecretAsync();
        Assert.Equal(HttpStatusCode.OK, (await factory.Rest(first, orgId).GetAsync(path)).StatusCode);

        // GenerateMachineSecret replaces the secret: the first token stops, the new secret's token works
        var second = await TokenWithNewSecretAsync();
        await ContractAssert.RestErrorAsync(await factory.Rest(first, orgId).GetAsync(path), HttpStatusCode.Unauthorized, StatusCode.Unauthenticated, "AUTH-Unauthenticated");
        Assert.Equal(HttpStatusCode.OK, (await factory.Rest(second, orgId).GetAsync(path)).StatusCode);

        // RemoveMachineSecret: it stops too, on REST and gRPC
        Assert.Equal(HttpStatusCode.OK, (await admin.DeleteAsync(new Uri($"/management/v1/users/{machine}/secret", UriKind.Relative))).StatusCode);
        await ContractAssert.RestErrorAsync(await factory.Rest(second, orgId).GetAsync(path), HttpStatusCode.Unauthorized, StatusCode.Unauthenticated, "AUTH-Unauthenticated");
        ContractAssert.GrpcError(await Assert.ThrowsAsync<RpcException>(() => factory.Grpc().GetUserByIDAsync(new GetUserByIDRequest { Id = machine }, ApiFactory.Headers(second, orgId)).ResponseAsync),
            StatusCode.Unauthenticated, "AUTH-Unauthenticated");
    }

    [SkippableFact]
    public async Task A_locked_user_gets_no_token_and_its_tokens_stop()
    {
        var (admin, orgId) = await OrgAsync();
        var machine = await MemberMachineAsync(admin);
        var keyFile = await KeyFileAsync(admin, machine);
        var token = await JwtProfileTokenAsync(keyFile);

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/management/v1/users/{machine}/_lock", new { })).StatusCode);

        await ContractAssert.RestErrorAsync(await factory.Rest(token, orgId).GetAsync(new Uri($"/management/v1/users/{machine}", UriKind.Relative)),
            HttpStatusCode.Unauthorized, StatusCode.Unauthenticated, "AUTH-Unauthenticated");
        await OAuthErrorAsync(await PostTokenAsync(("grant_type", JwtBearer), ("assertion", Assertion(keyFile))), "invalid_grant");
    }

    /// <summary>The attacker with the lowest role: a token carries its user's roles and nothing more.</summary>
    [SkippableFact]
    public async Task A_token_of_a_machine_without_a_role_may_do_nothing_and_a_token_of_another_org_does_not_reach_this_one()
    {
        var (admin, orgId) = await OrgAsync();
        var human = (await Scenario.ImportAsync(admin, orgId, "h-" + Guid.NewGuid().ToString("N")[..8])).GetProperty("userId").GetString()!;
        var added = await Ok(admin.PostAsJsonAsync("/management/v1/users/machine", new { userName = "svc-" + Guid.NewGuid().ToString("N")[..8], name = "No role" }));
        var plain = added.GetProperty("userId").GetString()!;
        var plainKey = await KeyFileAsync(admin, plain);
        var (otherAdmin, otherOrg) = await OrgAsync();
        var outsider = await MemberMachineAsync(otherAdmin);
        var outsiderKey = await KeyFileAsync(otherAdmin, outsider);
        var plainToken = await JwtProfileTokenAsync(plainKey);
        var outsiderToken = await JwtProfileTokenAsync(outsiderKey);

        // the role-less machine is denied; the other org's machine does not even see this org (as with a PAT)
        foreach (var (token, status, code, id) in new[]
        {
            (plainToken, HttpStatusCode.Forbidden, StatusCode.PermissionDenied, "AUTH-PermissionDenied"),
            (outsiderToken, HttpStatusCode.Forbidden, StatusCode.PermissionDenied, "AUTH-OrgNotFound"),
        })
        {
            var set = await Scenario.SetInitialPasswordAsync(factory.Rest(token, orgId), human, "Sunny-Meadow-42!");
            Assert.True(set.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound, await set.Content.ReadAsStringAsync());
            var grpc = await Assert.ThrowsAsync<RpcException>(() => factory.Grpc().SetHumanInitialPasswordAsync(
                new SetHumanInitialPasswordRequest { UserId = human, Password = "Sunny-Meadow-42!" }, ApiFactory.Headers(token, orgId)).ResponseAsync);
            Assert.True(grpc.StatusCode is StatusCode.PermissionDenied or StatusCode.NotFound, grpc.Status.Detail);
            await ContractAssert.RestErrorAsync(await factory.Rest(token, orgId).PostAsJsonAsync("/management/v1/orgs/me/members", new { userId = plain, roles = new[] { "ORG_OWNER" } }),
                status, code, id);
        }

        // nor can the role-less machine give itself a key of another user, or a secret
        await ContractAssert.RestErrorAsync(await factory.Rest(plainToken, orgId).PutAsJsonAsync($"/management/v1/users/{plain}/secret", new { }),
            HttpStatusCode.Forbidden, StatusCode.PermissionDenied, "AUTH-PermissionDenied");
        Assert.NotEqual(orgId, otherOrg);
    }

    [SkippableFact]
    public async Task Introspection_answers_an_authenticated_machine_client_whether_a_token_works_now()
    {
        var (admin, orgId) = await OrgAsync();
        var machine = await MemberMachineAsync(admin);
        var keyFile = await KeyFileAsync(admin, machine);
        using var anonymous = factory.Rest(null);
        var token = await JwtProfileTokenAsync(keyFile, Scopes);

        // the resource server: another machine user with a secret, sent with HTTP Basic
        var resource = await MemberMachineAsync(admin);
        var secret = await Ok(admin.PutAsJsonAsync($"/management/v1/users/{resource}/secret", new { }));
        var (clientId, clientSecret) = (secret.GetProperty("clientId").GetString()!, secret.GetProperty("clientSecret").GetString()!);
        var basic = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.EscapeDataString(clientId) + ":" + Uri.EscapeDataString(clientSecret))));

        async Task<(HttpStatusCode Status, JsonElement Body, string Text)> IntrospectAsync(AuthenticationHeaderValue? authorization, params (string, string)[] fields)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/oauth/v2/introspect") { Content = Form(fields) };
            request.Headers.Authorization = authorization;
            var response = await anonymous.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
            return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone(), text);
        }

        var active = await IntrospectAsync(basic, ("token", token));
        Assert.Equal(HttpStatusCode.OK, active.Status);
        Assert.True(active.Body.GetProperty("active").GetBoolean());
        Assert.Equal(machine, active.Body.GetProperty("sub").GetString());
        Assert.Equal("Bearer", active.Body.GetProperty("token_type").GetString());
        Assert.Equal(Issuer, active.Body.GetProperty("iss").GetString());
        Assert.Contains("profile", active.Body.GetProperty("scope").GetString()!.Split(' '));
        Assert.InRange(active.Body.GetProperty("exp").GetInt64() - active.Body.GetProperty("iat").GetInt64(), 12 * 3600 - 60, 12 * 3600);
        Assert.DoesNotContain(token, active.Text, StringComparison.Ordinal);

        // the same with the secret in the form, and with a private_key_jwt client assertion of the resource's key
        var resourceKey = await KeyFileAsync(admin, resource);
        var form = await IntrospectAsync(null, ("token", token), ("client_id", clientId), ("client_secret", clientSecret));
        var assertion = Assertion(resourceKey, jti: Guid.NewGuid().ToString("N"));
        var jwt = await IntrospectAsync(null, ("token", token), ("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"), ("client_assertion", assertion));
        var replayed = await IntrospectAsync(null, ("token", token), ("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"), ("client_assertion", assertion));
        Assert.True(form.Body.GetProperty("active").GetBoolean());
        Assert.True(jwt.Body.GetProperty("active").GetBoolean());
        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_client"), (replayed.Status, replayed.Body.GetProperty("error").GetString()));

        // a personal access token is active too; garbage and a forged JWT are not
        var pat = await IntrospectAsync(basic, ("token", factory.AdminToken));
        Assert.True(pat.Body.GetProperty("active").GetBoolean());
        Assert.False((await IntrospectAsync(basic, ("token", "garbage"))).Body.GetProperty("active").GetBoolean());
        Assert.False((await IntrospectAsync(basic, ("token", token[..^4] + "AAAA"))).Body.GetProperty("active").GetBoolean());

        // the client must authenticate, by one method only, and a wrong secret is refused without a word about the token
        var wrong = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.EscapeDataString(clientId) + ":wrong")));
        var refused = await IntrospectAsync(wrong, ("token", token));
        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_client"), (refused.Status, refused.Body.GetProperty("error").GetString()));
        Assert.False(refused.Body.TryGetProperty("active", out _));
        Assert.Equal(HttpStatusCode.Unauthorized, (await IntrospectAsync(null, ("token", token))).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await IntrospectAsync(basic, ("token", token), ("client_id", clientId), ("client_secret", clientSecret))).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await IntrospectAsync(basic)).Status);

        // the token's user is deactivated: inactive at once
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/management/v1/users/{machine}/_deactivate", new { })).StatusCode);
        var after = await IntrospectAsync(basic, ("token", token));
        Assert.Equal(HttpStatusCode.OK, after.Status);
        Assert.Equal("""{"active":false}""", after.Text);
    }

    [SkippableFact]
    public async Task An_access_token_calls_over_grpc_web_and_connect()
    {
        var (admin, orgId) = await OrgAsync();
        var machine = await MemberMachineAsync(admin);
        var keyFile = await KeyFileAsync(admin, machine);
        var token = await JwtProfileTokenAsync(keyFile);
        var human = (await Scenario.ImportAsync(admin, orgId, "h-" + Guid.NewGuid().ToString("N")[..8])).GetProperty("userId").GetString()!;

        using var channel = global::Grpc.Net.Client.GrpcChannel.ForAddress(factory.Server.BaseAddress, new global::Grpc.Net.Client.GrpcChannelOptions
        {
            HttpHandler = new global::Grpc.Net.Client.Web.GrpcWebHandler(global::Grpc.Net.Client.Web.GrpcWebMode.GrpcWeb, factory.Server.CreateHandler()),
            HttpVersion = HttpVersion.Version11,
            HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        });
        await new ManagementService.ManagementServiceClient(channel).SetHumanInitialPasswordAsync(
            new SetHumanInitialPasswordRequest { UserId = human, Password = "Sunny-Meadow-42!" }, ApiFactory.Headers(token, orgId));

        var connect = await ConnectTests<ApiFactory>.PostAsync(factory.Rest(token), "/zitadel.user.v2.UserService/GetUserByID", $$"""{"userId":"{{human}}"}""");
        var body = await connect.Content.ReadAsStringAsync();
        Assert.True(connect.StatusCode == HttpStatusCode.OK, body);
        Assert.Equal(human, JsonDocument.Parse(body).RootElement.GetProperty("user").GetProperty("userId").GetString());
        Assert.True(JsonDocument.Parse(body).RootElement.GetProperty("user").GetProperty("human").GetProperty("passwordChangeRequired").GetBoolean());
    }

    private string Assertion(KeyFile file, string? audience = null, DateTimeOffset? issuedAt = null, DateTimeOffset? expires = null, RSA? signWith = null, string? subject = null, string? jti = null) =>
        OAuthAssertions.Create(file, audience ?? Issuer, issuedAt, expires, signWith, subject, jti);

    private Task<HttpResponseMessage> PostTokenAsync(params (string Key, string Value)[] fields) =>
        factory.Rest(null).PostAsync(new Uri("/oauth/v2/token", UriKind.Relative), Form(fields));

    /// <summary>A token bought with an assertion of <paramref name="file"/> (and the scopes, if any).</summary>
    private async Task<string> JwtProfileTokenAsync(KeyFile file, string? scope = null) =>
        await TokenAsync(scope is null
            ? await PostTokenAsync(("grant_type", JwtBearer), ("assertion", Assertion(file)))
            : await PostTokenAsync(("grant_type", JwtBearer), ("assertion", Assertion(file)), ("scope", scope)));

    private static FormUrlEncodedContent Form(params (string Key, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)));

    private static async Task<string> TokenAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("access_token").GetString()!;
    }

    private static async Task OAuthErrorAsync(HttpResponseMessage response, string error, string? because = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized, $"{because}: {(int)response.StatusCode} {body}");
        using var json = JsonDocument.Parse(body);
        Assert.True(error == json.RootElement.GetProperty("error").GetString(), $"{because}: {body}");
        Assert.DoesNotContain("access_token", body, StringComparison.Ordinal);
    }

    private async Task<(HttpClient Admin, string OrgId)> OrgAsync()
    {
        var orgId = await Scenario.AddOrgAsync(factory.Rest(factory.Start()));
        return (factory.Rest(factory.AdminToken, orgId), orgId);
    }

    /// <summary>A machine user of the org with ORG_USER_MANAGER, created through the API.</summary>
    private static async Task<string> MemberMachineAsync(HttpClient admin)
    {
        var added = await Ok(admin.PostAsJsonAsync("/management/v1/users/machine", new { userName = "svc-" + Guid.NewGuid().ToString("N")[..8], name = "Service" }));
        var id = added.GetProperty("userId").GetString()!;
        await Ok(admin.PostAsJsonAsync("/management/v1/orgs/me/members", new { userId = id, roles = new[] { "ORG_USER_MANAGER" } }));
        return id;
    }

    private static async Task<KeyFile> KeyFileAsync(HttpClient admin, string machine) => await OAuthAssertions.KeyFileAsync(admin, machine);

    private static async Task<JsonElement> Ok(Task<HttpResponseMessage> call)
    {
        var response = await call;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
