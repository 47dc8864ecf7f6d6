using Identity.Application.Abstractions;
using Identity.Application.Common;
using MediatR;

namespace Identity.Application.Users.ListUsers;

/// <summary>Searches the tenant org's users in the database (<see cref="IUserSearch"/>) and answers them as GetUserByID does.</summary>
internal sealed class ListUsersHandler(RequestContext context, IUserSearch search, TimeProvider clock)
    : IRequestHandler<ListUsersQuery, ListResultDto<UserDto>>
{
    public async Task<ListResultDto<UserDto>> Handle(ListUsersQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var org = context.RequireTenant();
        var limit = request.Limit == 0 ? ListUsersQuery.MaxLimit : (int)request.Limit;
        var sortBy = request.SortBy == UserSortColumn.Unspecified ? UserSortColumn.UserName : request.SortBy;
        var page = await search.SearchAsync(
            new UserSearchRequest(org.Id, org.PrimaryDomain, request.Conditions, sortBy, request.Asc, (int)request.Offset, limit),
            cancellationToken).ConfigureAwait(false);
        return new ListResultDto<UserDto>([.. page.Users.Select(u => UserDto.From(u, org))], page.Total, org.Sequence, clock.GetUtcNow());
    }
}
