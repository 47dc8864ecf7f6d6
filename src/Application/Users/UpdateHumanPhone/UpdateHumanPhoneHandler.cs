using Identity.Application.Abstractions;
using Identity.Application.Common;
using MediatR;

namespace Identity.Application.Users.UpdateHumanPhone;

internal sealed class UpdateHumanPhoneHandler(RequestContext context, IUserRepository users, TimeProvider clock)
    : IRequestHandler<UpdateHumanPhoneCommand, ObjectDetailsDto>
{
    public async Task<ObjectDetailsDto> Handle(UpdateHumanPhoneCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var user = await users.FindInOrgAsync(context.RequireTenant().Id, request.UserId, cancellationToken).ConfigureAwait(false);
        user.ChangePhone(request.Phone, request.IsPhoneVerified, clock.GetUtcNow(), context.RequireCaller().UserId.Value);
        return user.Details();
    }
}
