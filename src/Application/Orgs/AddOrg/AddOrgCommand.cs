using Identity.Application.Common;
using Identity.Domain.Access;

namespace Identity.Application.Orgs.AddOrg;

/// <summary>Creates an organization; the caller becomes its ORG_OWNER.</summary>
public sealed record AddOrgCommand(string Name) : ICommand<AddOrgResult>, IInstanceRequest, ITargetsNoUser
{
    public string Permission => Permissions.OrgCreate;
}

public sealed record AddOrgResult(string Id, ObjectDetailsDto Details);
