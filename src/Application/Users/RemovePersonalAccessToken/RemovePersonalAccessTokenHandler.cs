using Identity.Application.Abstractions;
using Identity.Application.Common;
using MediatR;

namespace Identity.Application.Users.RemovePersonalAccessToken;

internal sealed class RemovePersonalAccessTokenHandler(RequestContext context, IUserRepository users, IPersonalAccessTokenRepository tokens, TimeProvider clock)
    : IRequestHandler<RemovePersonalAccessTokenCommand, ObjectDetailsDto>
{
    public async Task<ObjectDetailsDto> Handle(RemovePersonalAccessTokenCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var user = await users.FindInOrgAsync(context.RequireTenant().Id, request.UserId, cancellationToken).ConfigureAwait(false);
        var token = await tokens.FindTokenAsync(user.Id, request.TokenId, cancellationToken).ConfigureAwait(false);
        user.RemovePersonalAccessToken(token, clock.GetUtcNow(), context.RequireCaller().UserId.Value);
        tokens.Remove(token);
        return user.Details();
    }
}
