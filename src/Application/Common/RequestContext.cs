using Identity.Domain.Common;
using Identity.Domain.Organizations;

namespace Identity.Application.Common;

/// <summary>The authenticated caller: a user of an organization.</summary>
public sealed record Caller(UserId UserId, OrgId OrgId);

/// <summary>
/// Per-request facts the protocol adapter (or an in-process module) sets before sending a request:
/// who calls and which org the call names; the tenant behaviour fills in the resolved organization.
/// </summary>
public sealed class RequestContext
{
    public Caller? Caller { get; set; }

    /// <summary>The <c>x-zitadel-orgid</c> header, if sent.</summary>
    public string? RequestedOrgId { get; set; }

    /// <summary>The organization the call acts in, once resolved.</summary>
    public Organization? Tenant { get; set; }

    public Caller RequireCaller() =>
        Caller ?? throw new DomainException(Errors.Auth.Unauthenticated, "Authentication required");

    public Organization RequireTenant() =>
        Tenant ?? throw new InvalidOperationException("The tenant has not been resolved for this request.");
}
