using Identity.Domain.Common;
using Identity.Domain.Organizations;

namespace Identity.Application.Common;

/// <summary>
/// The authenticated caller: a user of an organization, or the system (an in-process module acting
/// under a name, with every permission; its id is a reserved system editor id no user can have).
/// </summary>
internal sealed record Caller(UserId UserId, OrgId OrgId)
{
    public bool IsSystem => SystemEditor.IsSystem(UserId.Value);

    /// <summary>The system acting as <c>system:&lt;name&gt;</c>; it has no org of its own.</summary>
    public static Caller System(string name) => new(new UserId(SystemEditor.Prefix + name), new OrgId(string.Empty));
}

/// <summary>
/// Per-request facts the protocol adapter (or an in-process module) sets before sending a request:
/// who calls and which org the call names; the tenant behaviour fills in the resolved organization.
/// </summary>
internal sealed class RequestContext
{
    public Caller? Caller { get; set; }

    /// <summary>The <c>x-zitadel-orgid</c> header, if sent.</summary>
    public string? RequestedOrgId { get; set; }

    /// <summary>
    /// Where the call came from, as the host saw it (the remote IP address of an HTTP or gRPC call; null
    /// in process): a key of the failed-password-check budgets (<see cref="Abstractions.ISignInThrottle"/>).
    /// </summary>
    public string? Source { get; set; }

    /// <summary>The organization the call acts in, once resolved.</summary>
    public Organization? Tenant { get; set; }

    public Caller RequireCaller() =>
        Caller ?? throw new DomainException(Errors.Auth.Unauthenticated, "Authentication required");

    public Organization RequireTenant() =>
        Tenant ?? throw new InvalidOperationException("The tenant has not been resolved for this request.");
}
