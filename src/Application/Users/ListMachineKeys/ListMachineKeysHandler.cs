using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Domain.Common;
using Identity.Domain.Users;
using MediatR;

namespace Identity.Application.Users.ListMachineKeys;

internal sealed class ListMachineKeysHandler(RequestContext context, IUserRepository users, IMachineKeyRepository keys, TimeProvider clock)
    : IRequestHandler<ListMachineKeysQuery, ListResultDto<MachineKeyDto>>
{
    public async Task<ListResultDto<MachineKeyDto>> Handle(ListMachineKeysQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var user = await users.FindInOrgAsync(context.RequireTenant().Id, request.UserId, cancellationToken).ConfigureAwait(false);
        var limit = request.Limit == 0 ? ListMachineKeysQuery.MaxLimit : (int)request.Limit;
        var (page, total) = await keys.ListOfUserAsync(user.Id, (long)request.Offset, limit, request.Asc, cancellationToken).ConfigureAwait(false);
        return new ListResultDto<MachineKeyDto>(page.Select(k => MachineKeyDto.From(k, user)).ToList(), total, user.Sequence, clock.GetUtcNow());
    }
}
