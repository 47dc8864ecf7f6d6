using Identity.Application.Abstractions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Identity.Api.Composition;

/// <summary>Ready when the database answers (within the probe's own timeout).</summary>
public sealed class DatabaseReadinessCheck(IDatabaseStatus database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await database.IsReachableAsync(cancellationToken).ConfigureAwait(false)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The database cannot be reached");
}
