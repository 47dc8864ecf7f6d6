using Identity.Application.Abstractions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Identity.Api.Composition;

/// <summary>Ready when the database answers (within the probe's own timeout).</summary>
internal sealed class DatabaseReadinessCheck(IdentityModuleServices module) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var scope = module.CreateScope();
        await using (scope.ConfigureAwait(false))
        {
            return await scope.ServiceProvider.GetRequiredService<IDatabaseStatus>().IsReachableAsync(cancellationToken).ConfigureAwait(false)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("The database cannot be reached");
        }
    }
}
