using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Domain.Common;
using MediatR;

namespace Identity.Application.Users.RemoveMachineSecret;

internal sealed class RemoveMachineSecretHandler(RequestContext context, IUserRepository users, TimeProvider clock)
    : IRequestHandler<RemoveMachineSecretCommand, ObjectDetailsDto>
{
    public async Task<ObjectDetailsDto> Handle(RemoveMachineSecretCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var user = await users.FindInOrgAsync(context.RequireTenant().Id, request.UserId, cancellationToken).ConfigureAwait(false);
        user.RemoveMachineSecret(clock.GetUtcNow(), context.RequireCaller().UserId.Value);
        return user.Details();
    }
}
