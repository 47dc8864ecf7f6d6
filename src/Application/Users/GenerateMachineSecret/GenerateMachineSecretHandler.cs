using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Domain.Common;
using MediatR;

namespace Identity.Application.Users.GenerateMachineSecret;

internal sealed class GenerateMachineSecretHandler(RequestContext context, IUserRepository users, IMachineSecrets secrets, TimeProvider clock)
    : IRequestHandler<GenerateMachineSecretCommand, GenerateMachineSecretResult>
{
    public async Task<GenerateMachineSecretResult> Handle(GenerateMachineSecretCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var user = await users.FindInOrgAsync(context.RequireTenant().Id, request.UserId, cancellationToken).ConfigureAwait(false);
        var (secret, hash) = secrets.Generate();
        user.SetMachineSecret(hash, clock.GetUtcNow(), context.RequireCaller().UserId.Value);
        return new GenerateMachineSecretResult(user.UserName, secret, user.Details());
    }
}
