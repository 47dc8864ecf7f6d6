using Identity.Application.Common;
using Identity.Domain.Access;
using MediatR;

namespace Identity.Application.Users.ListPersonalAccessTokens;

/// <summary>The personal access tokens of a user of the tenant (metadata only), oldest first when <see cref="Asc"/>.</summary>
public sealed record ListPersonalAccessTokensQuery(string UserId, ulong Offset, uint Limit, bool Asc)
    : IRequest<ListResultDto<PersonalAccessTokenDto>>, IAuthorizedRequest
{
    /// <summary>ZITADEL's v1 list limit: 0 means this many, more is refused.</summary>
    public const int MaxLimit = 1000;

    public string Permission => Permissions.UserRead;
}
