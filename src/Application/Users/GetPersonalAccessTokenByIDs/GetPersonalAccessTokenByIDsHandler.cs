using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Domain.Common;
using Identity.Domain.Users;
using MediatR;

namespace Identity.Application.Users.GetPersonalAccessTokenByIDs;

public sealed class GetPersonalAccessTokenByIDsHandler(RequestContext context, IUserRepository users, IPersonalAccessTokenRepository tokens)
    : IRequestHandler<GetPersonalAccessTokenByIDsQuery, PersonalAccessTokenDto>
{
    public async Task<PersonalAccessTokenDto> Handle(GetPersonalAccessTokenByIDsQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var user = await users.FindInOrgAsync(context.RequireTenant().Id, request.UserId, cancellationToken).ConfigureAwait(false);
        var token = await tokens.GetAsync(user.Id, new TokenId(request.TokenId), cancellationToken).ConfigureAwait(false)
            ?? throw DomainException.NotFound(User.TokenNotFoundId, "Personal access token could not be found");
        return PersonalAccessTokenDto.From(token, user);
    }
}
