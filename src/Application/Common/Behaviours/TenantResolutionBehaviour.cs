using Identity.Application.Abstractions;
using Identity.Application.Orgs;
using Identity.Domain.Common;
using MediatR;

namespace Identity.Application.Common.Behaviours;

/// <summary>
/// docs/rules.md step 2: the org named by <c>x-zitadel-orgid</c>, else the caller's own org, must exist
/// and not be removed; it becomes the request's tenant.
/// </summary>
internal sealed class TenantResolutionBehaviour<TRequest, TResponse>(RequestContext context, IOrganizationRepository organizations)
    : IPipelineBehavior<TRequest, TResponse>
    where TRequest : IRequest<TResponse>
{

    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (request is IInstanceRequest)
        {
            return await next().ConfigureAwait(false);
        }

        var caller = context.RequireCaller();
        var orgId = string.IsNullOrWhiteSpace(context.RequestedOrgId) ? caller.OrgId : new OrgId(context.RequestedOrgId.Trim());
        if (orgId.Value.Length == 0)
        {
            throw new DomainException(Errors.Auth.OrgRequired, "A system caller must name the org the request acts in");
        }

        var org = await organizations.GetAsync(orgId, cancellationToken).ConfigureAwait(false);
        if (org is null || !org.IsUsable)
        {
            throw TenantLookup.OrgNotFound();
        }

        context.Tenant = org;
        return await next().ConfigureAwait(false);
    }
}
