using Identity.Application.Abstractions;
using Identity.Application.Common;
using MediatR;

namespace Identity.Application.Users.GetUserById;

internal sealed class GetUserByIdHandler(RequestContext context, IUserRepository users) : IRequestHandler<GetUserByIdQuery, UserDto>
{
    public async Task<UserDto> Handle(GetUserByIdQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var org = context.RequireTenant();
        var user = await users.FindInOrgAsync(org.Id, request.Id, cancellationToken).ConfigureAwait(false);
        return UserDto.From(user, org);
    }
}
