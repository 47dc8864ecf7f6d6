using Identity.Application.Common;
using Identity.Domain.Access;
using MediatR;

namespace Identity.Application.Users.GetUserById;

public sealed record GetUserByIdQuery(string Id) : IRequest<UserDto>, IAuthorizedRequest
{
    public string Permission => Permissions.UserRead;
}
