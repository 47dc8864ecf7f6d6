using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Domain.Users;
using Mapster;
using MediatR;

namespace Identity.Application.Users.GetUserById;

internal sealed class GetUserByIdHandler(RequestContext context, IUserRepository users) : IRequestHandler<GetUserByIdQuery, UserDto>
{
    public async Task<UserDto> Handle(GetUserByIdQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var org = context.RequireTenant();
        var user = await users.FindInOrgAsync(org.Id, request.Id, cancellationToken).ConfigureAwait(false);
        var loginName = $"{user.UserName}@{org.PrimaryDomain}";
        return new UserDto(
            user.Id.Value,
            user.Details(),
            user.State,
            user.UserName,
            [loginName],
            loginName,
            user.Human is { } h ? new HumanDto(h.Adapt<HumanProfileDto>(Mappings.Config), h.Email, h.IsEmailVerified, h.Phone, h.IsPhoneVerified, user.PasswordChangedAt) : null,
            user.Machine is { } m ? new MachineDto(m.Name, m.Description, false, m.AccessTokenType) : null);
    }
}
