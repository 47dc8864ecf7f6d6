namespace Identity.Application.Common;

/// <summary>
/// Time at the precision every supported database stores (microseconds; PostgreSQL's limit), so that
/// a time answered right after a change equals the one read back later.
/// </summary>
internal sealed class StorageClock(TimeProvider inner) : TimeProvider
{
    private const long TicksPerMicrosecond = TimeSpan.TicksPerMillisecond / 1000;

    public override DateTimeOffset GetUtcNow()
    {
        var now = inner.GetUtcNow();
        return now.AddTicks(-(now.Ticks % TicksPerMicrosecond));
    }

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    public override long GetTimestamp() => inner.GetTimestamp();

    public override long TimestampFrequency => inner.TimestampFrequency;
}
