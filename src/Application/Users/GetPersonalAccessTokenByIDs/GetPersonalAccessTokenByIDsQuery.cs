using Identity.Application.Common;
using Identity.Domain.Access;
using MediatR;

namespace Identity.Application.Users.GetPersonalAccessTokenByIDs;

/// <summary>One personal access token of a user of the tenant (metadata only).</summary>
public sealed record GetPersonalAccessTokenByIDsQuery(string UserId, string TokenId) : IRequest<PersonalAccessTokenDto>, IAuthorizedRequest
{
    public string Permission => Permissions.UserRead;
}
