using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Domain.Common;
using MediatR;

namespace Identity.Application.Users.SetInitialPassword;

/// <summary>docs/rules.md steps 5-10: load the user in the tenant, let the aggregate check, hash and apply.</summary>
internal sealed class SetInitialPasswordHandler(
    RequestContext context,
    IUserRepository users,
    PasswordRules passwordRules,
    RequestPasswordHasher hasher,
    TimeProvider clock) : IRequestHandler<SetInitialPasswordCommand, ObjectDetailsDto>
{
    public async Task<ObjectDetailsDto> Handle(SetInitialPasswordCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var org = context.RequireTenant();
        var user = await users.FindInOrgAsync(org.Id, request.UserId, cancellationToken).ConfigureAwait(false);
        user.SetInitialPassword(request.Password, passwordRules.For(org), hasher.Hash, clock.GetUtcNow(), context.RequireCaller().UserId.Value);
        return user.Details();
    }
}
