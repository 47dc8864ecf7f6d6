using Identity.Application.Common;
using MediatR;

namespace Identity.Application.Orgs.GetMyOrg;

internal sealed class GetMyOrgHandler(RequestContext context) : IRequestHandler<GetMyOrgQuery, OrgDto>
{
    public Task<OrgDto> Handle(GetMyOrgQuery request, CancellationToken cancellationToken)
    {
        var org = context.RequireTenant();
        return Task.FromResult(new OrgDto(org.Id.Value, org.Details(), org.State, org.Name, org.PrimaryDomain));
    }
}
