using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Domain.Common;
using MediatR;

namespace Identity.Application.Users.AddPersonalAccessToken;

internal sealed class AddPersonalAccessTokenHandler(
    RequestContext context,
    IUserRepository users,
    IPersonalAccessTokenRepository tokens,
    ITokenService tokenService,
    IIdGenerator ids,
    TimeProvider clock) : IRequestHandler<AddPersonalAccessTokenCommand, AddPersonalAccessTokenResult>
{
    public async Task<AddPersonalAccessTokenResult> Handle(AddPersonalAccessTokenCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var user = await users.FindInOrgAsync(context.RequireTenant().Id, request.UserId, cancellationToken).ConfigureAwait(false);
        var (token, hash) = tokenService.Generate();
        var pat = user.AddPersonalAccessToken(new TokenId(ids.NewId()), hash, request.ExpirationDate, clock.GetUtcNow(), context.RequireCaller().UserId.Value);
        tokens.Add(pat);
        return new AddPersonalAccessTokenResult(pat.Id.Value, token, user.Details());
    }
}
