using System.Security.Cryptography;
using Identity.Application.Abstractions;

namespace Identity.Infrastructure.Security;

/// <summary>
/// Time-ordered 63-bit ids as decimal strings (like ZITADEL's): 41 bits of milliseconds since
/// 2020-01-01, 10 bits of node id, 12 bits of per-millisecond counter. Replicas stay unique as long
/// as their node ids differ (configure <c>Identity:NodeId</c>; without it a random one is drawn).
/// </summary>
internal sealed class SnowflakeIdGenerator : IIdGenerator
{
    public const int MaxNodeId = 1023;
    private const int NodeBits = 10;
    private const int CounterBits = 12;
    private const long MaxCounter = (1L << CounterBits) - 1;
    private static readonly DateTimeOffset Epoch = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly Lock _lock = new();
    private readonly TimeProvider _clock;
    private long _lastMillis = -1;
    private long _counter;

    public SnowflakeIdGenerator(TimeProvider clock, int? nodeId)
    {
        ArgumentNullException.ThrowIfNull(clock);
        _clock = clock;
        NodeId = nodeId ?? RandomNumberGenerator.GetInt32(MaxNodeId + 1);
        ArgumentOutOfRangeException.ThrowIfNegative(NodeId);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(NodeId, MaxNodeId);
    }

    public int NodeId { get; }

    public string NewId()
    {
        lock (_lock)
        {
            var millis = Math.Max((long)(_clock.GetUtcNow() - Epoch).TotalMilliseconds, _lastMillis);
            if (millis == _lastMillis)
            {
                _counter++;
                if (_counter > MaxCounter)
                {
                    // Counter exhausted within this millisecond: borrow the next one.
                    millis++;
                    _counter = 0;
                }
            }
            else
            {
                _counter = 0;
            }

            _lastMillis = millis;
            var id = (millis << (NodeBits + CounterBits)) | ((long)NodeId << CounterBits) | _counter;
            return id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
