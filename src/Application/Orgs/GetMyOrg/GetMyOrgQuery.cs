using Identity.Application.Common;
using Identity.Domain.Access;
using MediatR;

namespace Identity.Application.Orgs.GetMyOrg;

/// <summary>The organization the call acts in (x-zitadel-orgid, else the caller's).</summary>
public sealed record GetMyOrgQuery : IRequest<OrgDto>, IAuthorizedRequest
{
    public string Permission => Permissions.OrgRead;
}
