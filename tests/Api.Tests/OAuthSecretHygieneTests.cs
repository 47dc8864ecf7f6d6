using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Identity.Api.Tests.Support;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Api.Tests;

/// <summary>
/// The token endpoint logs (OpenIddict's request and response lines included, at Trace) never hold the client secret,
/// the assertion, the private key or the access token, on success and on refusal.
/// </summary>
public sealed class OAuthSecretHygieneTests(LogCapturingFactory factory) : IClassFixture<LogCapturingFactory>
{
    [Fact]
    public async Task No_secret_assertion_or_access_token_appears_in_any_log_line()
    {
        var orgId = await Scenario.AddOrgAsync(factory.Rest(factory.Start()));
        var admin = factory.Rest(factory.AdminToken, orgId);
        var machine = (await Json(await admin.PostAsJsonAsync("/management/v1/users/machine", new { userName = "svc-hygiene", name = "Service" }))).GetProperty("userId").GetString()!;
        var key = await Json(await admin.PostAsJsonAsync($"/management/v1/users/{machine}/keys", new { type = "KEY_TYPE_JSON" }));
        using var file = JsonDocument.Parse(Convert.FromBase64String(key.GetProperty("keyDetails").GetString()!));
        var (keyId, pem) = (file.RootElement.GetProperty("keyId").GetString()!, file.RootElement.GetProperty("key").GetString()!);
        var secret = (await Json(await admin.PutAsJsonAsync($"/management/v1/users/{machine}/secret", new { }))).GetProperty("clientSecret").GetString()!;

        using var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        var issuer = factory.Server.BaseAddress.AbsoluteUri.TrimEnd('/');
        string Sign(string audience) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = machine,
            Subject = new System.Security.Claims.ClaimsIdentity([new System.Security.Claims.Claim("sub", machine)]),
            Audience = audience,
            Expires = DateTime.UtcNow.AddHours(1),
            SigningCredentials = new SigningCredentials(
                new RsaSecurityKey(rsa) { KeyId = keyId, CryptoProviderFactory = new CryptoProviderFactory { CacheSignatureProviders = false } }, SecurityAlgorithms.RsaSha256),
        });
        var good = Sign(issuer);
        var bad = Sign("https://elsewhere.example");

        using var anonymous = factory.Rest(null);
        var issued = await Json(await anonymous.PostAsync(new Uri("/oauth/v2/token", UriKind.Relative), Form(("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"), ("assertion", good))));
        var accessToken = issued.GetProperty("access_token").GetString()!;
        Assert.Equal(HttpStatusCode.BadRequest, (await anonymous.PostAsync(new Uri("/oauth/v2/token", UriKind.Relative), Form(("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"), ("assertion", bad)))).StatusCode);
        using var basic = new HttpRequestMessage(HttpMethod.Post, "/oauth/v2/token") { Content = Form(("grant_type", "client_credentials")) };
        basic.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("svc-hygiene:" + secret)));
        var viaSecret = (await Json(await anonymous.SendAsync(basic))).GetProperty("access_token").GetString()!;
        var wrong = await anonymous.PostAsync(new Uri("/oauth/v2/token", UriKind.Relative),
            Form(("grant_type", "client_credentials"), ("client_id", "svc-hygiene"), ("client_secret", secret[..^1] + "Q")));
        Assert.False(wrong.IsSuccessStatusCode);
        // authenticated (a user without roles may not read users: 403, not 401)
        Assert.Equal(HttpStatusCode.Forbidden, (await factory.Rest(accessToken, orgId).GetAsync(new Uri($"/management/v1/users/{machine}", UriKind.Relative))).StatusCode);

        var parts = new[] { secret, secret[..^1] + "Q", good, good.Split('.')[2], bad.Split('.')[2], accessToken, accessToken.Split('.')[2], viaSecret, viaSecret.Split('.')[2], pem.Split('\n')[1] };
        var lines = factory.Logs.Lines.ToArray();
        Assert.Contains(lines, l => l.Contains("OpenIddict", StringComparison.Ordinal));
        foreach (var line in lines)
        {
            foreach (var part in parts)
            {
                Assert.False(line.Contains(part, StringComparison.Ordinal), "a log line holds a secret, an assertion or a token: " + line[..Math.Min(line.Length, 300)]);
            }
        }
    }

    private static FormUrlEncodedContent Form(params (string Key, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)));

    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
