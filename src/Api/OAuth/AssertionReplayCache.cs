using System.Collections.Concurrent;

namespace Identity.Api.OAuth;

/// <summary>
/// The <c>jti</c> values of JWT-profile assertions already used, each kept until the assertion expires.
/// Groundwork: per process (in memory), so a replica that did not see the first use accepts a replay; the plan is a
/// small table (migration <c>OAuthReplay</c>) with a unique key on (issuer, jti).
/// </summary>
internal sealed class AssertionReplayCache(TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _used = new(StringComparer.Ordinal);

    /// <summary>True the first time (<paramref name="issuer"/>, <paramref name="jti"/>) is seen before it expires; false on a replay.</summary>
    public bool TryUse(string issuer, string jti, DateTimeOffset expiresAt)
    {
        var now = clock.GetUtcNow();
        foreach (var entry in _used)
        {
            if (entry.Value < now)
            {
                _used.TryRemove(entry);
            }
        }

        return _used.TryAdd(issuer + "\n" + jti, expiresAt);
    }
}
