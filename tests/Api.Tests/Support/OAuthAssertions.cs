using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Api.Tests.Support;

/// <summary>Key files from AddMachineKey and the JWT-profile assertions (RFC 7523) a service account signs with them.</summary>
internal static class OAuthAssertions
{
    public sealed record KeyFile(string UserId, string KeyId, string PrivateKeyPem);

    /// <summary>AddMachineKey (JSON) for <paramref name="machine"/>, and the key file it hands out.</summary>
    public static async Task<KeyFile> KeyFileAsync(HttpClient admin, string machine)
    {
        var response = await admin.PostAsJsonAsync($"/management/v1/users/{machine}/keys", new { type = "KEY_TYPE_JSON" });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        using var added = JsonDocument.Parse(body);
        using var file = JsonDocument.Parse(Convert.FromBase64String(added.RootElement.GetProperty("keyDetails").GetString()!));
        var root = file.RootElement;
        return new KeyFile(root.GetProperty("userId").GetString()!, root.GetProperty("keyId").GetString()!, root.GetProperty("key").GetString()!);
    }

    /// <summary>An assertion as ZITADEL's SDKs sign it (iss = sub = the user, aud = the issuer, RS256 with the key's kid), or with one thing changed.</summary>
    public static string Create(KeyFile file, string audience, DateTimeOffset? issuedAt = null, DateTimeOffset? expires = null, RSA? signWith = null, string? subject = null, string? jti = null)
    {
        using var own = RSA.Create();
        own.ImportFromPem(file.PrivateKeyPem);
        var now = issuedAt ?? DateTimeOffset.UtcNow;
        var claims = new Dictionary<string, object>
        {
            ["iss"] = file.UserId,
            ["sub"] = subject ?? file.UserId,
            ["aud"] = new[] { audience },
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = (expires ?? now.AddHours(1)).ToUnixTimeSeconds(),
        };
        if (jti is not null)
        {
            claims["jti"] = jti;
        }

        var handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        return handler.CreateToken(new SecurityTokenDescriptor
        {
            Claims = claims,
            // IdentityModel caches signature providers by key id; the RSA objects here are disposed after each assertion.
            SigningCredentials = new SigningCredentials(
                new RsaSecurityKey(signWith ?? own) { KeyId = file.KeyId, CryptoProviderFactory = new CryptoProviderFactory { CacheSignatureProviders = false } },
                SecurityAlgorithms.RsaSha256),
        });
    }
}
