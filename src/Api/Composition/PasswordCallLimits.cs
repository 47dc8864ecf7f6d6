using System.Threading.RateLimiting;
using Identity.Application.Abstractions;
using Identity.Domain.Common;

namespace Identity.Api.Composition;

/// <summary>
/// Overload protection for the calls that hash a password (the Application's <c>IPasswordRequest</c>s:
/// SetHumanInitialPassword, SetHumanPassword, v2 SetPassword, ImportHumanUser with a password), whatever path or protocol they came by.
/// The pipeline asks the <see cref="IPasswordCallGate"/> after authentication, tenant resolution,
/// authorization and validation, so junk tokens and invalid requests never reach a hashing slot.
/// </summary>
public static class PasswordCallLimits
{

    public static IServiceCollection AddPasswordCallLimits(this IServiceCollection services, IdentityOptions.LimitOptions limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return services.AddSingleton<IPasswordCallGate>(_ => new PasswordCallGate(limits));
    }
}

/// <summary>
/// In this order: a token bucket per caller (user id) and, if configured, per org (429
/// <c>API-RateLimited</c>); a per-org share of the calls that may run or wait at once (429); then one of
/// <c>Concurrency</c> hashing slots with a bounded FIFO queue (503 <c>API-Overloaded</c>). Every refusal
/// carries a Retry-After.
/// </summary>
internal sealed class PasswordCallGate : IPasswordCallGate, IDisposable
{
    private static readonly TimeSpan OneSecond = TimeSpan.FromSeconds(1);

    private readonly PartitionedRateLimiter<string>? _perCaller;
    private readonly PartitionedRateLimiter<string>? _perOrgRate;
    private readonly PartitionedRateLimiter<string> _perOrgShare;
    private readonly ConcurrencyLimiter _hashing;

    public PasswordCallGate(IdentityOptions.LimitOptions limits)
    {
        var concurrency = limits.EffectiveConcurrency;
        var queue = limits.EffectiveQueue;
        _hashing = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = concurrency,
            QueueLimit = queue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        var share = limits.EffectivePerOrgInFlight;
        _perOrgShare = PartitionedRateLimiter.Create<string, string>(org => RateLimitPartition.GetConcurrencyLimiter(org, _ => new ConcurrencyLimiterOptions
        {
            PermitLimit = share,
            QueueLimit = 0,
        }));
        _perCaller = Bucket(limits.PasswordCallsPerCallerPerMinute, limits.PasswordCallsPerCallerBurst);
        _perOrgRate = Bucket(limits.PasswordCallsPerOrgPerMinute, limits.PasswordCallsPerOrgBurst);
    }

    public async ValueTask<IDisposable> EnterAsync(UserId caller, OrgId org, CancellationToken cancellationToken)
    {
        Take(_perCaller, caller.Value, "Too many password calls from this caller; retry later");
        Take(_perOrgRate, org.Value, "Too many password calls in this organisation; retry later");
        var share = _perOrgShare.AttemptAcquire(org.Value);
        if (!share.IsAcquired)
        {
            share.Dispose();
            throw Refusal(Errors.Api.RateLimited, "Too many password calls of this organisation at once; retry later", OneSecond);
        }

        try
        {
            var slot = await _hashing.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
            if (!slot.IsAcquired)
            {
                slot.Dispose();
                throw Refusal(Errors.Api.Overloaded, "The service is busy hashing passwords; retry later", OneSecond);
            }

            return new Leases(slot, share);
        }
        catch
        {
            share.Dispose();
            throw;
        }
    }

    public async ValueTask<IDisposable> EnterCheckAsync(CancellationToken cancellationToken)
    {
        var slot = await _hashing.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
        if (!slot.IsAcquired)
        {
            slot.Dispose();
            throw Refusal(Errors.Api.Overloaded, "The service is busy hashing passwords; retry later", OneSecond);
        }

        return slot;
    }

    public void Dispose()
    {
        _perCaller?.Dispose();
        _perOrgRate?.Dispose();
        _perOrgShare.Dispose();
        _hashing.Dispose();
    }

    private static PartitionedRateLimiter<string>? Bucket(int perMinute, int burst) => perMinute <= 0
        ? null
        : PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, burst),
            TokensPerPeriod = perMinute,
            ReplenishmentPeriod = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    private static void Take(PartitionedRateLimiter<string>? limiter, string key, string message)
    {
        if (limiter is null)
        {
            return;
        }

        using var lease = limiter.AttemptAcquire(key);
        if (!lease.IsAcquired)
        {
            var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) && wait > OneSecond ? wait : OneSecond;
            throw Refusal(Errors.Api.RateLimited, message, retryAfter);
        }
    }

    private static DomainException Refusal(ErrorCode code, string message, TimeSpan retryAfter) =>
        new(code, message) { RetryAfter = retryAfter };

    private sealed class Leases(RateLimitLease slot, RateLimitLease share) : IDisposable
    {
        public void Dispose()
        {
            slot.Dispose();
            share.Dispose();
        }
    }
}
