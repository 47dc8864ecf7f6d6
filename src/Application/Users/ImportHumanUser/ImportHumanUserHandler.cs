using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Domain.Common;
using Identity.Domain.Passwords;
using Identity.Domain.Users;
using MediatR;

namespace Identity.Application.Users.ImportHumanUser;

internal sealed class ImportHumanUserHandler(
    RequestContext context,
    IUserRepository users,
    IIdGenerator ids,
    PasswordRules passwordRules,
    RequestPasswordHasher hasher,
    TimeProvider clock) : IRequestHandler<ImportHumanUserCommand, ImportHumanUserResult>
{
    public async Task<ImportHumanUserResult> Handle(ImportHumanUserCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var org = context.RequireTenant();
        await users.EnsureUserNameFreeAsync(org.Id, request.UserName, cancellationToken).ConfigureAwait(false);

        var p = request.Profile!;
        var displayName = string.IsNullOrWhiteSpace(p.DisplayName) ? $"{p.FirstName} {p.LastName}" : p.DisplayName;
        var profile = new HumanProfile(
            p.FirstName, p.LastName, p.NickName ?? string.Empty, displayName, p.PreferredLanguage ?? string.Empty, p.Gender,
            request.Email!.Email, request.Email.IsEmailVerified, request.Phone?.Phone ?? string.Empty, request.Phone?.IsPhoneVerified ?? false);
        var editor = context.RequireCaller().UserId.Value;
        var user = string.IsNullOrEmpty(request.HashedPassword)
            ? User.ImportHuman(
                new UserId(ids.NewId()), org.Id, request.UserName, profile, request.Password, request.PasswordChangeRequired,
                passwordRules.For(org), hasher.Hash, clock.GetUtcNow(), editor)
            : User.ImportHumanWithPasswordHash(
                new UserId(ids.NewId()), org.Id, request.UserName, profile, BcryptHash.Parse(request.HashedPassword),
                request.PasswordChangeRequired, clock.GetUtcNow(), editor);
        users.Add(user);
        return new ImportHumanUserResult(user.Id.Value, user.Details());
    }
}
