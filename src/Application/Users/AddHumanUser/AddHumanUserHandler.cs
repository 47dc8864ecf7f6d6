using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Domain.Common;
using Identity.Domain.Users;
using MediatR;

namespace Identity.Application.Users.AddHumanUser;

internal sealed class AddHumanUserHandler(
    RequestContext context,
    IUserRepository users,
    IIdGenerator ids,
    PasswordRules passwordRules,
    RequestPasswordHasher hasher,
    TimeProvider clock) : IRequestHandler<AddHumanUserCommand, AddHumanUserResult>
{
    public async Task<AddHumanUserResult> Handle(AddHumanUserCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var org = context.RequireTenant();
        await users.EnsureUserNameFreeAsync(org.Id, request.UserName, cancellationToken).ConfigureAwait(false);

        var p = request.Profile!;
        var displayName = string.IsNullOrWhiteSpace(p.DisplayName) ? $"{p.FirstName} {p.LastName}" : p.DisplayName;
        var phone = request.Phone is { } ph ? PhoneNumber.Normalize(ph.Phone) ?? string.Empty : string.Empty;
        var profile = new HumanProfile(
            p.FirstName, p.LastName, p.NickName ?? string.Empty, displayName, p.PreferredLanguage ?? string.Empty, p.Gender,
            request.Email!.Email.Trim(), request.Email.IsEmailVerified, phone, phone.Length > 0 && request.Phone!.IsPhoneVerified);

        // as upstream: a user given a password need not change it at the first sign-in
        var user = User.ImportHuman(
            new UserId(ids.NewId()), org.Id, request.UserName, profile, request.Password, passwordChangeRequired: false,
            passwordRules.For(org), hasher.Hash, clock.GetUtcNow(), context.RequireCaller().UserId.Value);
        users.Add(user);
        return new AddHumanUserResult(user.Id.Value, user.Details());
    }
}
