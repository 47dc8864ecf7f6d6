using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Domain.Common;
using Identity.Domain.Organizations;

namespace Identity.Application.Orgs;

internal static class TenantLookup
{

    /// <summary>The one answer for an org that does not exist, is removed, or where the caller has no role.</summary>
    public static DomainException OrgNotFound() => new(Errors.Auth.OrgNotFound, "Organisation doesn't exist");

    /// <summary>
    /// The tenant org loaded afresh inside the unit of work, for a handler that changes it (the copy the
    /// tenant behaviour resolved lies outside the unit of work and would not survive a retry).
    /// </summary>
    public static async Task<Organization> LoadTenantForUpdateAsync(this IOrganizationRepository organizations, RequestContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(organizations);
        ArgumentNullException.ThrowIfNull(context);
        var org = await organizations.GetAsync(context.RequireTenant().Id, cancellationToken).ConfigureAwait(false);
        return org is { IsUsable: true } ? org : throw OrgNotFound();
    }
}
