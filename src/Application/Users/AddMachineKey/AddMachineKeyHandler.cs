using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Domain.Common;
using Identity.Domain.Users;
using MediatR;

namespace Identity.Application.Users.AddMachineKey;

internal sealed class AddMachineKeyHandler(
    RequestContext context,
    IUserRepository users,
    IMachineKeyRepository keys,
    IMachineKeyCrypto crypto,
    IIdGenerator ids,
    TimeProvider clock) : IRequestHandler<AddMachineKeyCommand, AddMachineKeyResult>
{
    public async Task<AddMachineKeyResult> Handle(AddMachineKeyCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var user = await users.FindInOrgAsync(context.RequireTenant().Id, request.UserId, cancellationToken).ConfigureAwait(false);
        GeneratedMachineKey? generated = null;
        var key = user.AddMachineKey(
            new MachineKeyId(ids.NewId()),
            request.Type,
            request.ExpirationDate,
            () =>
            {
                if (!request.PublicKey.IsEmpty)
                {
                    return crypto.NormalizePublicKey(request.PublicKey.Span);
                }

                generated = crypto.Generate();
                return generated.PublicKeyPem;
            },
            clock.GetUtcNow(),
            context.RequireCaller().UserId.Value);
        keys.Add(key);
        var keyFile = generated is null ? ReadOnlyMemory<byte>.Empty : MachineKeyFile.Create(key.Id.Value, generated.PrivateKeyPem, key.ExpiresAt, user.Id.Value);
        return new AddMachineKeyResult(key.Id.Value, keyFile, user.Details());
    }
}
