using Identity.Application.Common;
using Identity.Domain.Organizations;

namespace Identity.Application.Orgs;

public sealed record OrgDto(string Id, ObjectDetailsDto Details, OrgState State, string Name, string PrimaryDomain);
