using System.Diagnostics;
using System.Threading.RateLimiting;
using Identity.Api.Composition;
using Identity.Api.Tests.Support;
using Identity.Application.Abstractions;
using Identity.Domain.Common;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.Api.Tests;

/// <summary>The failed-password-check budgets per user key and per source (<see cref="SignInThrottle"/>).</summary>
public sealed class SignInThrottleTests
{
    private const string SourceA = "192.0.2.1";
    private const string SourceB = "198.51.100.7";

    [Fact]
    public void EnsureAllowed_alone_never_spends_a_token()
    {
        using var throttle = new SignInThrottle(Limits(userPerMinute: 10, userBurst: 3, sourcePerMinute: 60, sourceBurst: 3));

        for (var i = 0; i < 1000; i++)
        {
            throttle.EnsureAllowed("alice", SourceA);
            throttle.EnsureAllowed($"never-failed-{i}", $"203.0.113.{i % 250}");
        }

        Assert.Equal(0, throttle.TrackedKeys);
        throttle.RecordFailure("bob", SourceB);
        Assert.Equal(2, throttle.TrackedKeys);
        for (var i = 0; i < 100; i++)
        {
            throttle.EnsureAllowed("bob", SourceB);
        }

        // Asking spent nothing, with a bucket (bob: 2 left) or without (alice: 3).
        for (var i = 0; i < 2; i++)
        {
            throttle.EnsureAllowed("bob", SourceB);
            throttle.RecordFailure("bob", SourceB);
        }

        Assert.Throws<DomainException>(() => throttle.EnsureAllowed("bob", SourceB));
        for (var i = 0; i < 3; i++)
        {
            throttle.EnsureAllowed("alice", SourceA);
            throttle.RecordFailure("alice", SourceA);
        }

        Assert.Throws<DomainException>(() => throttle.EnsureAllowed("alice", SourceA));
    }

    [Fact]
    public void A_refusal_is_SESSION_TooManyFailedChecks_with_a_retry_after_of_a_token_and_names_neither_user_nor_source()
    {
        using var throttle = new SignInThrottle(Limits(userPerMinute: 10, userBurst: 1, sourcePerMinute: 60, sourceBurst: 100));
        throttle.RecordFailure("alice@example.com", SourceA);

        var ex = Assert.Throws<DomainException>(() => throttle.EnsureAllowed("alice@example.com", SourceA));

        Assert.Equal(Errors.Session.TooManyFailedChecks.Id, ex.Summary.Id);
        Assert.Equal(ErrorKind.ResourceExhausted, ex.Kind);

        // 10 a minute: one token every 6 s, seen at the limiter's next 100 ms refill.
        Assert.Equal(TimeSpan.FromSeconds(6.1), ex.RetryAfter);
        Assert.DoesNotContain("alice", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(SourceA, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_retry_after_is_at_least_one_second_and_the_longer_wait_when_both_budgets_are_empty()
    {
        using var fast = new SignInThrottle(Limits(userPerMinute: 100_000, userBurst: 1, sourcePerMinute: 0, sourceBurst: 1));
        fast.RecordFailure("alice", null);
        var ex = Assert.Throws<DomainException>(() => fast.EnsureAllowed("alice", null));
        Assert.Equal(TimeSpan.FromSeconds(1), ex.RetryAfter);

        using var both = new SignInThrottle(Limits(userPerMinute: 60, userBurst: 1, sourcePerMinute: 6, sourceBurst: 1));
        both.RecordFailure("alice", SourceA);
        Assert.Equal(TimeSpan.FromSeconds(10.1), Assert.Throws<DomainException>(() => both.EnsureAllowed("alice", SourceA)).RetryAfter);
        Assert.Equal(TimeSpan.FromSeconds(10.1), Assert.Throws<DomainException>(() => both.EnsureAllowed("bob", SourceA)).RetryAfter);
        Assert.Equal(TimeSpan.FromSeconds(1.1), Assert.Throws<DomainException>(() => both.EnsureAllowed("alice", SourceB)).RetryAfter);
    }

    [Fact]
    public void User_and_source_budgets_are_independent()
    {
        using var throttle = new SignInThrottle(Limits(userPerMinute: 10, userBurst: 2, sourcePerMinute: 60, sourceBurst: 3));

        throttle.RecordFailure("alice", SourceA);
        throttle.RecordFailure("alice", SourceA);

        // alice's budget is empty from anywhere; source A has one failure left for others.
        Assert.Throws<DomainException>(() => throttle.EnsureAllowed("alice", SourceA));
        Assert.Throws<DomainException>(() => throttle.EnsureAllowed("alice", SourceB));
        Assert.Throws<DomainException>(() => throttle.EnsureAllowed("alice", null));
        throttle.EnsureAllowed("bob", SourceA);

        throttle.RecordFailure("bob", SourceA);

        // Source A is empty for everyone; bob still has a failure left from elsewhere.
        Assert.Throws<DomainException>(() => throttle.EnsureAllowed("bob", SourceA));
        Assert.Throws<DomainException>(() => throttle.EnsureAllowed("carol", SourceA));
        throttle.EnsureAllowed("bob", SourceB);
        throttle.EnsureAllowed("bob", null);
        throttle.EnsureAllowed("carol", SourceB);
    }

    [Fact]
    public void A_null_source_is_limited_per_user_only()
    {
        using var throttle = new SignInThrottle(Limits(userPerMinute: 10, userBurst: 1, sourcePerMinute: 60, sourceBurst: 1));

        for (var i = 0; i < 50; i++)
        {
            throttle.EnsureAllowed($"user-{i}", null);
            throttle.RecordFailure($"user-{i}", null);
        }

        Assert.Throws<DomainException>(() => throttle.EnsureAllowed("user-0", null));
        Assert.Equal(50, throttle.TrackedKeys);
    }

    [Fact]
    public void A_budget_of_0_per_minute_is_off()
    {
        using var noUserBudget = new SignInThrottle(Limits(userPerMinute: 0, userBurst: 1, sourcePerMinute: 60, sourceBurst: 1));
        for (var i = 0; i < 100; i++)
        {
            noUserBudget.EnsureAllowed("alice", null);
            noUserBudget.RecordFailure("alice", null);
        }

        noUserBudget.RecordFailure("alice", SourceA);
        Assert.Throws<DomainException>(() => noUserBudget.EnsureAllowed("bob", SourceA));

        using var noSourceBudget = new SignInThrottle(Limits(userPerMinute: 60, userBurst: 1, sourcePerMinute: 0, sourceBurst: 1));
        for (var i = 0; i < 100; i++)
        {
            noSourceBudget.EnsureAllowed($"user-{i}", SourceA);
            noSourceBudget.RecordFailure($"user-{i}", SourceA);
        }

        Assert.Throws<DomainException>(() => noSourceBudget.EnsureAllowed("user-0", SourceA));
        Assert.Equal(100, noSourceBudget.TrackedKeys);
    }

    [Fact]
    public void IPv6_sources_share_a_budget_per_64_and_IPv4_mapped_addresses_count_as_IPv4()
    {
        Assert.Equal("2001:db8:0:1::/64", SignInThrottle.SourceKey("2001:db8:0:1:aaaa:bbbb:cccc:dddd"));
        Assert.Equal("192.0.2.1", SignInThrottle.SourceKey("::ffff:192.0.2.1"));
        Assert.Equal("192.0.2.1", SignInThrottle.SourceKey("192.0.2.1"));
        Assert.Equal("not-an-address", SignInThrottle.SourceKey("not-an-address"));
        Assert.Null(SignInThrottle.SourceKey(null));

        using var throttle = new SignInThrottle(Limits(userPerMinute: 0, userBurst: 1, sourcePerMinute: 60, sourceBurst: 1));
        throttle.RecordFailure("alice", "2001:db8::1");
        Assert.Throws<DomainException>(() => throttle.EnsureAllowed("bob", "2001:db8::ffff:1234"));
        throttle.EnsureAllowed("bob", "2001:db8:0:1::1");

        throttle.RecordFailure("alice", "::ffff:192.0.2.1");
        Assert.Throws<DomainException>(() => throttle.EnsureAllowed("bob", "192.0.2.1"));
    }

    [Fact]
    public async Task A_spent_budget_comes_back_with_time()
    {
        // "A minute" of 1 s: 10 a minute is one token every 100 ms.
        using var throttle = new SignInThrottle(Limits(userPerMinute: 10, userBurst: 1, sourcePerMinute: 0, sourceBurst: 1), TimeSpan.FromSeconds(1));
        throttle.RecordFailure("alice", null);
        Assert.Throws<DomainException>(() => throttle.EnsureAllowed("alice", null));

        var clock = Stopwatch.StartNew();
        while (!Allowed(throttle, "alice"))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), "the budget did not come back");
            await Task.Delay(20);
        }

        throttle.RecordFailure("alice", null);
        Assert.Throws<DomainException>(() => throttle.EnsureAllowed("alice", null));
    }

    /// <summary>
    /// The runtime's token buckets refill in fractions, and asking for 0 permits answers "acquired" for any
    /// fraction, while a failure cannot take a whole token from it: checking that way would let every
    /// guess through once a bucket had refilled a little. The throttle counts whole tokens instead.
    /// </summary>
    [Fact]
    public async Task A_fraction_of_a_token_lets_no_check_through()
    {
        using (var raw = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = 1,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromSeconds(10),
            QueueLimit = 0,
        })))
        {
            Assert.True(raw.AttemptAcquire("alice").IsAcquired);
            await Task.Delay(400);
            Assert.True(raw.AttemptAcquire("alice", 0).IsAcquired);
            Assert.False(raw.AttemptAcquire("alice").IsAcquired);
        }

        // The same numbers: a token every 10 s, so after 400 ms the bucket holds a fraction of one.
        using var throttle = new SignInThrottle(Limits(userPerMinute: 6, userBurst: 1, sourcePerMinute: 0, sourceBurst: 1));
        throttle.RecordFailure("alice", null);
        await Task.Delay(400);
        for (var i = 0; i < 10; i++)
        {
            Assert.Throws<DomainException>(() => throttle.EnsureAllowed("alice", null));
            throttle.RecordFailure("alice", null);
        }
    }

    /// <summary>An attacker can send endless different login names; the bucket of a key is dropped once it has been full for 10 s.</summary>
    [Fact]
    public async Task Keys_are_dropped_once_their_budget_is_full_again_so_memory_does_not_grow_with_login_names()
    {
        // "A minute" of 1 s: one failure refills in about 17 ms.
        using var throttle = new SignInThrottle(Limits(userPerMinute: 60, userBurst: 1, sourcePerMinute: 1_000_000, sourceBurst: 100_000), TimeSpan.FromSeconds(1));
        for (var i = 0; i < 20_000; i++)
        {
            throttle.EnsureAllowed($"guess-{i}", "203.0.113.9");
            throttle.RecordFailure($"guess-{i}", "203.0.113.9");
        }

        Assert.Equal(20_001, throttle.TrackedKeys);

        var clock = Stopwatch.StartNew();
        while (throttle.TrackedKeys > 0)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(40), $"{throttle.TrackedKeys} keys still held");
            await Task.Delay(250);
        }

        // A dropped key starts again with its whole budget.
        throttle.EnsureAllowed("guess-0", "203.0.113.9");
        throttle.RecordFailure("guess-0", "203.0.113.9");
        Assert.Throws<DomainException>(() => throttle.EnsureAllowed("guess-0", "203.0.113.9"));
    }

    [Fact]
    public void The_module_holds_one_throttle_and_test_hosts_set_budgets_no_test_reaches()
    {
        using var factory = new ApiFactory();
        factory.Start();

        var throttle = factory.ModuleServices.GetRequiredService<ISignInThrottle>();
        Assert.IsType<SignInThrottle>(throttle);
        Assert.Same(throttle, factory.ModuleServices.GetRequiredService<ISignInThrottle>());
        for (var i = 0; i < 1000; i++)
        {
            throttle.EnsureAllowed("flooded", "127.0.0.1");
            throttle.RecordFailure("flooded", "127.0.0.1");
        }

        throttle.EnsureAllowed("flooded", "127.0.0.1");
    }

    private static bool Allowed(SignInThrottle throttle, string userKey)
    {
        try
        {
            throttle.EnsureAllowed(userKey, null);
            return true;
        }
        catch (DomainException)
        {
            return false;
        }
    }

    private static IdentityOptions.LimitOptions Limits(int userPerMinute, int userBurst, int sourcePerMinute, int sourceBurst) => new()
    {
        FailedChecksPerUserPerMinute = userPerMinute,
        FailedChecksPerUserBurst = userBurst,
        FailedChecksPerSourcePerMinute = sourcePerMinute,
        FailedChecksPerSourceBurst = sourceBurst,
    };
}
