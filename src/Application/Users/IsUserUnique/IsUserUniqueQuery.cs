using Identity.Application.Common;
using Identity.Domain.Access;
using MediatR;

namespace Identity.Application.Users.IsUserUnique;

/// <summary>
/// IsUserUnique: whether no live user of the tenant org has this user name (folded as the uniqueness index folds
/// it) or this email (ignoring case); an empty field is not checked.
/// </summary>
public sealed record IsUserUniqueQuery(string UserName, string Email) : IRequest<bool>, IAuthorizedRequest
{
    public string Permission => Permissions.UserRead;

    /// <summary>Never shows personal data.</summary>
    public override string ToString() => nameof(IsUserUniqueQuery);
}
