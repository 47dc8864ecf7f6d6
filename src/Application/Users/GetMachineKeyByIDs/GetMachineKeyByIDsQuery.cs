using Identity.Application.Common;
using Identity.Domain.Access;
using Identity.Domain.Users;
using MediatR;

namespace Identity.Application.Users.GetMachineKeyByIDs;

/// <summary>One key of a machine user of the tenant (metadata only).</summary>
public sealed record GetMachineKeyByIDsQuery(string UserId, string KeyId) : IRequest<MachineKeyDto>, ITargetsUser
{
    public string Permission => Permissions.UserRead;

    public string TargetUserId => UserId;
}
