using Identity.Application.Abstractions;
using Identity.Application.Common;
using MediatR;

namespace Identity.Application.Users.ListPersonalAccessTokens;

internal sealed class ListPersonalAccessTokensHandler(RequestContext context, IUserRepository users, IPersonalAccessTokenRepository tokens, TimeProvider clock)
    : IRequestHandler<ListPersonalAccessTokensQuery, ListResultDto<PersonalAccessTokenDto>>
{
    public async Task<ListResultDto<PersonalAccessTokenDto>> Handle(ListPersonalAccessTokensQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var user = await users.FindInOrgAsync(context.RequireTenant().Id, request.UserId, cancellationToken).ConfigureAwait(false);
        var limit = request.Limit == 0 ? ListPersonalAccessTokensQuery.MaxLimit : (int)request.Limit;
        var (page, total) = await tokens.ListOfUserAsync(user.Id, (long)request.Offset, limit, request.Asc, cancellationToken).ConfigureAwait(false);
        return new ListResultDto<PersonalAccessTokenDto>(
            page.Select(t => PersonalAccessTokenDto.From(t, user)).ToList(), total, user.Sequence, clock.GetUtcNow());
    }
}
