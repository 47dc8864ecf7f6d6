using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Domain.Common;
using Identity.Domain.Users;
using MediatR;

namespace Identity.Application.Users.GetMachineKeyByIDs;

internal sealed class GetMachineKeyByIDsHandler(RequestContext context, IUserRepository users, IMachineKeyRepository keys)
    : IRequestHandler<GetMachineKeyByIDsQuery, MachineKeyDto>
{
    public async Task<MachineKeyDto> Handle(GetMachineKeyByIDsQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var user = await users.FindInOrgAsync(context.RequireTenant().Id, request.UserId, cancellationToken).ConfigureAwait(false);
        var key = await keys.FindKeyAsync(user.Id, request.KeyId, cancellationToken).ConfigureAwait(false);
        return MachineKeyDto.From(key, user);
    }
}
