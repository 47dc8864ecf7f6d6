using System.Diagnostics.Metrics;

namespace Identity.Application.Common;

/// <summary>Counters of the module (System.Diagnostics.Metrics; any OpenTelemetry exporter can read them).</summary>
internal static class IdentityMetrics
{
    public const string MeterName = "Identity.Application";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Commands run again after an optimistic-concurrency conflict.</summary>
    public static Counter<long> ConcurrencyRetries { get; } = Meter.CreateCounter<long>("identity.unit_of_work.retries");

    /// <summary>Commands answered Aborted after persistent conflicts.</summary>
    public static Counter<long> ConcurrencyAborts { get; } = Meter.CreateCounter<long>("identity.unit_of_work.aborts");
}
