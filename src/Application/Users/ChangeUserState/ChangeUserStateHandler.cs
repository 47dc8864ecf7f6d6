using Identity.Application.Abstractions;
using Identity.Application.Common;
using MediatR;

namespace Identity.Application.Users.ChangeUserState;

public sealed class ChangeUserStateHandler(RequestContext context, IUserRepository users, TimeProvider clock)
    : IRequestHandler<ChangeUserStateCommand, ObjectDetailsDto>
{
    public async Task<ObjectDetailsDto> Handle(ChangeUserStateCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var user = await users.FindInOrgAsync(context.RequireTenant().Id, request.Id, cancellationToken).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        var editor = context.RequireCaller().UserId.Value;
        Action<DateTimeOffset, string> transition = request.Change switch
        {
            UserStateChange.Deactivate => user.Deactivate,
            UserStateChange.Reactivate => user.Reactivate,
            UserStateChange.Lock => user.Lock,
            UserStateChange.Unlock => user.Unlock,
            UserStateChange.Remove => user.Remove,
            _ => throw new ArgumentOutOfRangeException(nameof(request), request.Change, "Unknown state change."),
        };
        transition(now, editor);
        return user.Details();
    }
}
