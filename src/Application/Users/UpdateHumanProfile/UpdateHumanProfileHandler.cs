using Identity.Application.Abstractions;
using Identity.Application.Common;
using MediatR;

namespace Identity.Application.Users.UpdateHumanProfile;

internal sealed class UpdateHumanProfileHandler(RequestContext context, IUserRepository users, TimeProvider clock)
    : IRequestHandler<UpdateHumanProfileCommand, ObjectDetailsDto>
{
    public async Task<ObjectDetailsDto> Handle(UpdateHumanProfileCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var user = await users.FindInOrgAsync(context.RequireTenant().Id, request.UserId, cancellationToken).ConfigureAwait(false);
        user.ChangeProfile(
            request.FirstName, request.LastName, request.NickName ?? string.Empty, request.DisplayName, request.PreferredLanguage ?? string.Empty, request.Gender,
            clock.GetUtcNow(), context.RequireCaller().UserId.Value);
        return user.Details();
    }
}
