using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Identity.Application.Abstractions;
using Identity.Domain.Common;

namespace Identity.Api.Composition;

/// <summary>
/// The failed-password-check budgets (<see cref="ISignInThrottle"/>): in memory, per replica.
/// </summary>
internal static class SignInThrottleLimits
{
    public static IServiceCollection AddSignInThrottle(this IServiceCollection services, IdentityOptions.LimitOptions limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return services.AddSingleton<ISignInThrottle>(_ => new SignInThrottle(limits));
    }
}

/// <summary>
/// A token bucket per user key (<c>FailedChecksPerUser*</c>) and one per source (<c>FailedChecksPerSource*</c>;
/// IPv6 sources by their /64, which one host usually holds whole); a null source (in process) has only the
/// user budget. A budget of 0 per minute is off.
/// <para>
/// The buckets refill continuously (the runtime adds fractions of a token as time passes), so asking
/// the limiter for 0 permits would answer "available" as soon as a bucket holds any fraction, while
/// <see cref="RecordFailure"/> cannot take a whole token from it: every check would pass. So
/// <see cref="EnsureAllowed"/> reads the whole tokens left (<see cref="RateLimiterStatistics.CurrentAvailablePermits"/>,
/// rounded down), which spends nothing.
/// </para>
/// <para>
/// Memory and time: only a failure makes a bucket (asking about a key without one answers "allowed"), and
/// the partitioned limiter drops a bucket that has been full for 10 s, so the keys held are those with a
/// failure within the time their bucket takes to refill, plus 10 s. Failures cost a password hash each,
/// which bounds their rate; the limiter's timer visits every held bucket 10 times a second.
/// </para>
/// </summary>
internal sealed class SignInThrottle : ISignInThrottle, IDisposable
{
    private readonly Budget? _perUser;
    private readonly Budget? _perSource;

    public SignInThrottle(IdentityOptions.LimitOptions limits)
        : this(limits, TimeSpan.FromMinutes(1))
    {
    }

    /// <param name="limits">The budgets.</param>
    /// <param name="minute">The period the <c>PerMinute</c> settings refer to; tests shorten it.</param>
    internal SignInThrottle(IdentityOptions.LimitOptions limits, TimeSpan minute)
    {
        ArgumentNullException.ThrowIfNull(limits);
        _perUser = Budget.Create(limits.FailedChecksPerUserPerMinute, limits.FailedChecksPerUserBurst, minute);
        _perSource = Budget.Create(limits.FailedChecksPerSourcePerMinute, limits.FailedChecksPerSourceBurst, minute);
    }

    /// <summary>User keys and sources that have a bucket now (for tests of the memory bound).</summary>
    internal int TrackedKeys => (_perUser?.Tracked ?? 0) + (_perSource?.Tracked ?? 0);

    public void EnsureAllowed(string userKey, string? source)
    {
        ArgumentNullException.ThrowIfNull(userKey);
        var wait = _perUser?.WaitIfEmpty(userKey);
        if (SourceKey(source) is { } sourceKey && _perSource?.WaitIfEmpty(sourceKey) is { } sourceWait && (wait is null || sourceWait > wait))
        {
            wait = sourceWait;
        }

        if (wait is { } retryAfter)
        {
            throw new DomainException(Errors.Session.TooManyFailedChecks, "Too many failed password checks; retry later") { RetryAfter = retryAfter };
        }
    }

    public void RecordFailure(string userKey, string? source)
    {
        ArgumentNullException.ThrowIfNull(userKey);
        _perUser?.Take(userKey);
        if (SourceKey(source) is { } sourceKey)
        {
            _perSource?.Take(sourceKey);
        }
    }

    public void Dispose()
    {
        _perUser?.Dispose();
        _perSource?.Dispose();
    }

    /// <summary>The budget key of a source: an IPv4 address (also when mapped into IPv6), an IPv6 address's /64, or the text as given.</summary>
    internal static string? SourceKey(string? source)
    {
        if (source is null || !IPAddress.TryParse(source, out var address))
        {
            return source;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    private sealed class Budget : IDisposable
    {
        /// <summary>How often the partitioned limiter refills its buckets (its fixed timer).</summary>
        private static readonly TimeSpan RefillTick = TimeSpan.FromMilliseconds(100);

        private readonly PartitionedRateLimiter<string> _limiter;
        private readonly TimeSpan _retryAfter;

        /// <summary>The keys that have a bucket, each with its bucket.</summary>
        private readonly ConcurrentDictionary<string, KeyedBucket> _buckets = new(StringComparer.Ordinal);

        private Budget(int perMinute, int burst, TimeSpan minute)
        {
            var options = new TokenBucketRateLimiterOptions
            {
                TokenLimit = burst,
                TokensPerPeriod = perMinute,
                ReplenishmentPeriod = minute,
                QueueLimit = 0,
                AutoReplenishment = false,
            };

            // One token comes back after minute / perMinute, seen at the next tick of the refill timer.
            var oneToken = (minute / perMinute) + RefillTick;
            _retryAfter = oneToken > TimeSpan.FromSeconds(1) ? oneToken : TimeSpan.FromSeconds(1);
            _limiter = PartitionedRateLimiter.Create<string, string>(
                key => RateLimitPartition.Get(key, k => new KeyedBucket(k, new TokenBucketRateLimiter(options), _buckets)),
                StringComparer.Ordinal);
        }

        public int Tracked => _buckets.Count;

        public static Budget? Create(int perMinute, int burst, TimeSpan minute) =>
            perMinute <= 0 ? null : new Budget(perMinute, Math.Max(1, burst), minute);

        /// <summary>
        /// Null when the key has a whole token left, else how long until it has one. A key without a bucket
        /// has its whole budget; asking creates no bucket, so only failures (each one a password hash) do.
        /// </summary>
        public TimeSpan? WaitIfEmpty(string key) =>
            !_buckets.ContainsKey(key) || Retrying(() => _limiter.GetStatistics(key)?.CurrentAvailablePermits ?? 0) >= 1 ? null : _retryAfter;

        public void Take(string key) => Retrying(() => _limiter.AttemptAcquire(key)).Dispose();

        public void Dispose() => _limiter.Dispose();

        /// <summary>
        /// The partitioned limiter may dispose an idle bucket between handing it out and its use (dotnet/runtime
        /// issue 99865); the bucket was full, and the next lookup makes a new, full one for the key.
        /// </summary>
        private static T Retrying<T>(Func<T> use)
        {
            try
            {
                return use();
            }
            catch (ObjectDisposedException)
            {
                return use();
            }
        }

        /// <summary>A token bucket listed under its key in <see cref="_buckets"/> until the partitioned limiter drops it.</summary>
        private sealed class KeyedBucket : ReplenishingRateLimiter
        {
            private readonly string _key;
            private readonly TokenBucketRateLimiter _inner;
            private readonly ConcurrentDictionary<string, KeyedBucket> _buckets;
            private int _disposed;

            public KeyedBucket(string key, TokenBucketRateLimiter inner, ConcurrentDictionary<string, KeyedBucket> buckets)
            {
                _key = key;
                _inner = inner;
                _buckets = buckets;

                // The limiter makes a key's next bucket only after it dropped this one, so a later bucket replaces
                // this entry and this one's removal (below) leaves the later one listed.
                buckets[key] = this;
            }

            public override TimeSpan? IdleDuration => _inner.IdleDuration;

            public override bool IsAutoReplenishing => _inner.IsAutoReplenishing;

            public override TimeSpan ReplenishmentPeriod => _inner.ReplenishmentPeriod;

            public override bool TryReplenish() => _inner.TryReplenish();

            public override RateLimiterStatistics? GetStatistics() => _inner.GetStatistics();

            protected override RateLimitLease AttemptAcquireCore(int permitCount) => _inner.AttemptAcquire(permitCount);

            protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
                _inner.AcquireAsync(permitCount, cancellationToken);

            protected override void Dispose(bool disposing)
            {
                if (disposing)
                {
                    Release();
                }

                base.Dispose(disposing);
            }

            // The partitioned limiter drops an idle bucket with DisposeAsync, which calls only Dispose(false) after this.
            protected override async ValueTask DisposeAsyncCore()
            {
                Release();
                await base.DisposeAsyncCore().ConfigureAwait(false);
            }

            private void Release()
            {
                if (Interlocked.Exchange(ref _disposed, 1) == 0)
                {
                    _buckets.TryRemove(new KeyValuePair<string, KeyedBucket>(_key, this));
                    _inner.Dispose();
                }
            }
        }
    }
}
