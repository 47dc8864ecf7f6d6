using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Identity.Api.Composition;
using Identity.Application.Access;
using Identity.Application.Common;
using Microsoft.Extensions.Primitives;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Identity.Api.OAuth;

/// <summary>
/// <c>POST /oauth/v2/introspect</c> (RFC 7662) for resource servers. The caller authenticates as an active machine user,
/// as at the token endpoint: its client secret (HTTP Basic or <c>client_id</c>/<c>client_secret</c> in the form) or a
/// JWT-profile client assertion signed by one of its keys (<c>private_key_jwt</c>); anything else is
/// <c>invalid_client</c> (401). The token is active when every API method would accept it at this moment: an access
/// token of the token endpoint (signature, expiry, and its user, key or secret still valid) or a personal access token.
/// Every other token, whatever the reason, is <c>{"active":false}</c>. Nothing of the request is logged.
/// </summary>
internal static class OAuthIntrospection
{
    private const string ClientAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    public static async Task HandleAsync(HttpContext http)
    {
        var response = http.Response;
        response.Headers.CacheControl = "no-store";
        response.Headers.Pragma = "no-cache";
        if (!http.Request.HasFormContentType)
        {
            await ErrorAsync(http, HttpStatusCode.BadRequest, "invalid_request", "The body must be application/x-www-form-urlencoded.").ConfigureAwait(false);
            return;
        }

        var form = await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
        var (client, problem) = await AuthenticateClientAsync(http, form).ConfigureAwait(false);
        if (client is null)
        {
            if (problem is not null)
            {
                await ErrorAsync(http, HttpStatusCode.BadRequest, "invalid_request", problem).ConfigureAwait(false);
                return;
            }

            response.Headers.WWWAuthenticate = "Basic realm=\"identity\"";
            await ErrorAsync(http, HttpStatusCode.Unauthorized, "invalid_client", "The client credentials are invalid.").ConfigureAwait(false);
            return;
        }

        if (form["token"] is not [{ Length: > 0 } token])
        {
            await ErrorAsync(http, HttpStatusCode.BadRequest, "invalid_request", "The token parameter is required (once).").ConfigureAwait(false);
            return;
        }

        var module = http.RequestServices.GetRequiredService<ModuleRequestScope>().Services;
        var answer = OAuthTokenAuthenticator.IsJwt(token)
            ? await AccessTokenAsync(module, token, http.RequestAborted).ConfigureAwait(false)
            : await PersonalAccessTokenAsync(module, token, http.RequestAborted).ConfigureAwait(false);
        await response.WriteAsJsonAsync(answer ?? new Dictionary<string, object> { ["active"] = false }, http.RequestAborted).ConfigureAwait(false);
    }

    private static async Task<Dictionary<string, object>?> AccessTokenAsync(IServiceProvider module, string token, CancellationToken cancellationToken)
    {
        // one signature check: the token is validated here and its user, key or secret checked by the authenticator
        var validated = await module.GetRequiredService<OAuthAccessTokenReader>().ValidateAsync(token, cancellationToken).ConfigureAwait(false);
        if (validated?.SecurityToken is not JsonWebToken jwt
            || OAuthAccessTokenReader.Read(validated) is not { } read
            || await module.GetRequiredService<OAuthTokenAuthenticator>().AuthenticateAsync(read, cancellationToken).ConfigureAwait(false) is not { } caller)
        {
            return null;
        }

        var answer = Active(caller);
        answer["exp"] = new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero).ToUnixTimeSeconds();
        if (jwt.IssuedAt != DateTime.MinValue)
        {
            answer["iat"] = new DateTimeOffset(jwt.IssuedAt, TimeSpan.Zero).ToUnixTimeSeconds();
        }

        if (jwt.Issuer is { Length: > 0 } issuer)
        {
            answer["iss"] = issuer;
        }

        if (jwt.Id is { Length: > 0 } id)
        {
            answer["jti"] = id;
        }

        if (jwt.TryGetPayloadValue<string>("scope", out var scope) && scope.Length > 0)
        {
            answer["scope"] = scope;
        }

        if (jwt.TryGetPayloadValue<string>("client_id", out var clientId) && clientId.Length > 0)
        {
            answer["client_id"] = clientId;
        }

        return answer;
    }

    private static async Task<Dictionary<string, object>?> PersonalAccessTokenAsync(IServiceProvider module, string token, CancellationToken cancellationToken) =>
        await module.GetRequiredService<TokenAuthenticator>().AuthenticateAsync(token, cancellationToken).ConfigureAwait(false) is { } caller
            ? Active(caller)
            : null;

    private static Dictionary<string, object> Active(Caller caller) => new()
    {
        ["active"] = true,
        ["token_type"] = "Bearer",
        ["sub"] = caller.UserId.Value,
    };

    /// <summary>The machine user calling, by exactly one client authentication method; a problem text when the request mixes or breaks them.</summary>
    private static async Task<(Caller? Caller, string? Problem)> AuthenticateClientAsync(HttpContext http, IFormCollection form)
    {
        var module = http.RequestServices.GetRequiredService<ModuleRequestScope>().Services;
        var verifier = module.GetRequiredService<MachineCredentialVerifier>();
        var basic = AuthenticationHeaderValue.TryParse(http.Request.Headers.Authorization.ToString(), out var header)
            && string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase)
            ? header.Parameter ?? string.Empty
            : null;
        var assertion = Single(form["client_assertion"]);
        var secret = Single(form["client_secret"]);
        var methods = (basic is null ? 0 : 1) + (assertion is null ? 0 : 1) + (secret is null ? 0 : 1);
        if (methods > 1)
        {
            return (null, "Use exactly one client authentication method.");
        }

        if (basic is not null)
        {
            var (id, password) = DecodeBasic(basic);
            return (await verifier.CheckSecretAsync(id, password, http.RequestAborted).ConfigureAwait(false), null);
        }

        if (secret is not null)
        {
            return (await verifier.CheckSecretAsync(Single(form["client_id"]), secret, http.RequestAborted).ConfigureAwait(false), null);
        }

        if (assertion is not null)
        {
            if (!string.Equals(Single(form["client_assertion_type"]), ClientAssertionType, StringComparison.Ordinal))
            {
                return (null, "client_assertion_type must be " + ClientAssertionType + ".");
            }

            var (grant, _) = await OAuthServer.CheckAssertionAsync(http, assertion, http.RequestAborted).ConfigureAwait(false);
            return (grant?.Caller, null);
        }

        return (null, null);
    }

    /// <summary>RFC 6749 section 2.3.1: base64 of the form-encoded client id, a colon, and the form-encoded secret.</summary>
    private static (string? Id, string? Secret) DecodeBasic(string parameter)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(parameter));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? (null, null) : (WebUtility.UrlDecode(text[..colon]), WebUtility.UrlDecode(text[(colon + 1)..]));
        }
        catch (FormatException)
        {
            return (null, null);
        }
    }

    private static string? Single(StringValues values) => values is [{ Length: > 0 } value] ? value : null;

    private static Task ErrorAsync(HttpContext http, HttpStatusCode status, string error, string description)
    {
        http.Response.StatusCode = (int)status;
        return http.Response.WriteAsJsonAsync(new Dictionary<string, string> { ["error"] = error, ["error_description"] = description }, http.RequestAborted);
    }
}
