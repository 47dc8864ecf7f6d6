using Identity.Application.Common;
using Identity.Domain.Access;
using MediatR;

namespace Identity.Application.Users.GetUserMetadata;

/// <summary>One metadata entry of a user of the tenant by its key (exact, case-sensitive); an unknown key is METADATA-NotFound.</summary>
public sealed record GetUserMetadataQuery(string UserId, string Key) : IRequest<UserMetadataDto>, IAuthorizedRequest
{
    public string Permission => Permissions.UserRead;
}
