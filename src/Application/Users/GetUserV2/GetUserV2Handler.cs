using Identity.Application.Abstractions;
using Identity.Application.Common;
using MediatR;

namespace Identity.Application.Users.GetUserV2;

/// <summary>Reads the user in the tenant the tenant behaviour resolved from it (its own org).</summary>
internal sealed class GetUserV2Handler(RequestContext context, IUserRepository users) : IRequestHandler<GetUserV2Query, UserDto>
{
    public async Task<UserDto> Handle(GetUserV2Query request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var org = context.RequireTenant();
        var user = await users.FindInOrgAsync(org.Id, request.UserId, cancellationToken).ConfigureAwait(false);
        return UserDto.From(user, org);
    }
}
