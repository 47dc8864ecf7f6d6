using Identity.Application.Common;
using Identity.Domain.Access;
using Identity.Domain.Users;
using MediatR;

namespace Identity.Application.Users.ListMachineKeys;

/// <summary>The keys of a machine user of the tenant (metadata only, never key material), oldest first when <see cref="Asc"/>.</summary>
public sealed record ListMachineKeysQuery(string UserId, ulong Offset, uint Limit, bool Asc) : IRequest<ListResultDto<MachineKeyDto>>, ITargetsUser
{
    /// <summary>ZITADEL's v1 list limit: 0 means this many, more is refused.</summary>
    public const int MaxLimit = 1000;

    public string Permission => Permissions.UserRead;

    public string TargetUserId => UserId;
}
