using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Google.Protobuf;
using Grpc.Core;
using Identity.Api.Grpc;
using Identity.Api.Rest;
using Microsoft.AspNetCore.RateLimiting;

namespace Identity.Api.Composition;

/// <summary>
/// Overload protection for the calls that hash a password (SetHumanInitialPassword, ImportHumanUser):
/// at most <c>Concurrency</c> run at once with a bounded queue behind them (beyond it: 503
/// Unavailable), and each caller gets a token bucket (beyond it: 429 ResourceExhausted). Both answer
/// at the door, before authentication, the database or the hash, with a <c>Retry-After</c>.
/// </summary>
public static class PasswordCallLimits
{
    public const string OverloadedId = "API-Overloaded";
    public const string RateLimitedId = "API-RateLimited";

    private static readonly string[] PasswordCalls =
    [
        "/password/_initialize", "/users/human/_import",
        "/zitadel.management.v1.ManagementService/SetHumanInitialPassword",
        "/zitadel.management.v1.ManagementService/ImportHumanUser",
    ];

    public static IServiceCollection AddPasswordCallLimits(this IServiceCollection services, IdentityOptions.LimitOptions limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var concurrency = limits.PasswordConcurrency ?? Environment.ProcessorCount;
        var queue = limits.PasswordQueue ?? 4 * concurrency;
        var perCaller = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            IsPasswordCall(context) && limits.PasswordCallsPerCallerPerMinute > 0
                ? RateLimitPartition.GetTokenBucketLimiter(CallerKey(context), _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = Math.Max(1, limits.PasswordCallsPerCallerBurst),
                    TokensPerPeriod = limits.PasswordCallsPerCallerPerMinute,
                    ReplenishmentPeriod = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                })
                : RateLimitPartition.GetNoLimiter(string.Empty));
        var hashing = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            IsPasswordCall(context)
                ? RateLimitPartition.GetConcurrencyLimiter("password-hashing", _ => new ConcurrencyLimiterOptions
                {
                    PermitLimit = concurrency,
                    QueueLimit = queue,
                    QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                })
                : RateLimitPartition.GetNoLimiter(string.Empty));

        return services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = PartitionedRateLimiter.CreateChained(perCaller, hashing);
            o.OnRejected = (rejected, cancellationToken) => RejectAsync(rejected, cancellationToken);
        });
    }

    public static bool IsPasswordCall(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var path = context.Request.Path.Value ?? string.Empty;
        return HttpMethods.IsPost(context.Request.Method) && PasswordCalls.Any(p => path.EndsWith(p, StringComparison.Ordinal));
    }

    /// <summary>One bucket per bearer token (by its hash; the token itself is not kept), one for anonymous calls.</summary>
    private static string CallerKey(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        return authorization.Length == 0
            ? "anonymous"
            : Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(authorization)));
    }

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var perCaller = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter);
        var seconds = perCaller ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : 1;
        var (code, id, message) = perCaller
            ? (StatusCode.ResourceExhausted, RateLimitedId, "Too many password calls from this caller; retry later")
            : (StatusCode.Unavailable, OverloadedId, "The service is busy hashing passwords; retry later");
        var response = rejected.HttpContext.Response;
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var detail = new Domain.Common.ErrorDetail(id, message);
        if (rejected.HttpContext.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true)
        {
            // gRPC "trailers-only" answer: the status travels in the headers of an empty 200 response.
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "application/grpc";
            var status = ErrorMapping.ToStatus(code, detail);
            response.Headers["grpc-status"] = ((int)code).ToString(CultureInfo.InvariantCulture);
            response.Headers["grpc-message"] = Uri.EscapeDataString(status.Message);
            response.Headers["grpc-status-details-bin"] = Convert.ToBase64String(status.ToByteArray()).TrimEnd('=');
            return;
        }

        await RestErrorMiddleware.WriteAsync(rejected.HttpContext, ErrorMapping.ToHttpStatus(code), code, detail).WaitAsync(cancellationToken).ConfigureAwait(false);
    }
}
