using Grpc.Core;
using Grpc.Core.Interceptors;
using Identity.Application.Access;
using Identity.Api.Composition;
using Identity.Application.Common;
using Identity.Domain.Common;

namespace Identity.Api.Grpc;

/// <summary>
/// docs/rules.md step 1 and its headers: authenticates the bearer token, a personal access token or an OAuth access
/// token of the module's token endpoint (a JWT) (gRPC metadata
/// <c>authorization</c>, or the HTTP header for REST) and records the caller and <c>x-zitadel-orgid</c>
/// in the request's <see cref="RequestContext"/>.
/// </summary>
public sealed class AuthenticationInterceptor : Interceptor
{
    public const string OrgIdHeader = "x-zitadel-orgid";

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(continuation);
        var services = context.GetHttpContext().RequestServices.GetRequiredService<ModuleRequestScope>().Services;
        var token = BearerToken(context.RequestHeaders.GetValue("authorization"));
        var caller = token is null
            ? null
            : OAuthTokenAuthenticator.IsJwt(token)
                ? await services.GetRequiredService<OAuthTokenAuthenticator>().AuthenticateAsync(token, context.CancellationToken).ConfigureAwait(false)
                : await services.GetRequiredService<TokenAuthenticator>().AuthenticateAsync(token, context.CancellationToken).ConfigureAwait(false);
        if (caller is null)
        {
            throw ErrorMapping.Error(
                Errors.Auth.Unauthenticated,
                token is null ? "A bearer token is required" : "The token is invalid or expired");
        }

        var requestContext = services.GetRequiredService<RequestContext>();
        requestContext.Caller = caller;
        requestContext.RequestedOrgId = context.RequestHeaders.GetValue(OrgIdHeader);
        requestContext.Source = context.GetHttpContext().Connection.RemoteIpAddress?.ToString();
        return await continuation(request, context).ConfigureAwait(false);
    }

    private static string? BearerToken(string? header)
    {
        const string scheme = "Bearer ";
        if (header is null || !header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = header[scheme.Length..].Trim();
        return token.Length == 0 ? null : token;
    }
}
