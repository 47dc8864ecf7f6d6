using Identity.Application.Abstractions;
using Identity.Application.Common;
using MediatR;

namespace Identity.Application.Users.UpdateHumanEmail;

internal sealed class UpdateHumanEmailHandler(RequestContext context, IUserRepository users, TimeProvider clock)
    : IRequestHandler<UpdateHumanEmailCommand, ObjectDetailsDto>
{
    public async Task<ObjectDetailsDto> Handle(UpdateHumanEmailCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var user = await users.FindInOrgAsync(context.RequireTenant().Id, request.UserId, cancellationToken).ConfigureAwait(false);
        user.ChangeEmail(request.Email.Trim(), request.IsEmailVerified, clock.GetUtcNow(), context.RequireCaller().UserId.Value);
        return user.Details();
    }
}
