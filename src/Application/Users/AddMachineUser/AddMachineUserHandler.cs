using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Domain.Common;
using Identity.Domain.Users;
using MediatR;

namespace Identity.Application.Users.AddMachineUser;

internal sealed class AddMachineUserHandler(RequestContext context, IUserRepository users, IIdGenerator ids, TimeProvider clock)
    : IRequestHandler<AddMachineUserCommand, AddMachineUserResult>
{
    public async Task<AddMachineUserResult> Handle(AddMachineUserCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var org = context.RequireTenant();
        await users.EnsureUserNameFreeAsync(org.Id, request.UserName, cancellationToken).ConfigureAwait(false);

        var id = new UserId(string.IsNullOrEmpty(request.UserId) ? ids.NewId() : request.UserId);
        if (await users.ExistsAsync(id, cancellationToken).ConfigureAwait(false))
        {
            throw new DomainException(Errors.User.IdTaken, "A user with this id already exists");
        }

        var user = User.CreateMachine(
            id, org.Id, request.UserName, new MachineProfile(request.Name, request.Description ?? string.Empty, request.AccessTokenType),
            clock.GetUtcNow(), context.RequireCaller().UserId.Value);
        users.Add(user);
        return new AddMachineUserResult(user.Id.Value, user.Details());
    }
}
