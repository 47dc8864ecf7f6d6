using Identity.Application.Abstractions;
using Identity.Application.Common;
using MediatR;

namespace Identity.Application.Users.GetPersonalAccessTokenByIDs;

internal sealed class GetPersonalAccessTokenByIDsHandler(RequestContext context, IUserRepository users, IPersonalAccessTokenRepository tokens)
    : IRequestHandler<GetPersonalAccessTokenByIDsQuery, PersonalAccessTokenDto>
{
    public async Task<PersonalAccessTokenDto> Handle(GetPersonalAccessTokenByIDsQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var user = await users.FindInOrgAsync(context.RequireTenant().Id, request.UserId, cancellationToken).ConfigureAwait(false);
        var token = await tokens.FindTokenAsync(user.Id, request.TokenId, cancellationToken).ConfigureAwait(false);
        return PersonalAccessTokenDto.From(token, user);
    }
}
