using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Domain.Common;
using MediatR;

namespace Identity.Application.Users.RemoveMachineKey;

internal sealed class RemoveMachineKeyHandler(RequestContext context, IUserRepository users, IMachineKeyRepository keys, TimeProvider clock)
    : IRequestHandler<RemoveMachineKeyCommand, ObjectDetailsDto>
{
    public async Task<ObjectDetailsDto> Handle(RemoveMachineKeyCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var user = await users.FindInOrgAsync(context.RequireTenant().Id, request.UserId, cancellationToken).ConfigureAwait(false);
        var key = await keys.FindKeyAsync(user.Id, request.KeyId, cancellationToken).ConfigureAwait(false);
        user.RemoveMachineKey(key, clock.GetUtcNow(), context.RequireCaller().UserId.Value);
        keys.Remove(key);
        return user.Details();
    }
}
