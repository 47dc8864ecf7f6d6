using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Application.Sessions;
using Identity.Domain.Common;
using Identity.Domain.Users;
using MediatR;

namespace Identity.Application.Users.SetPasswordV2;

/// <summary>
/// The user in its own org (the tenant behaviour resolved it). With a reset code, the aggregate compares it with
/// the open code: a refusal (wrong, expired, none) is committed on its own (the attempt counts even though the
/// request fails; on a concurrent change it is evaluated again on fresh state, so parallel guesses are all counted)
/// and answers USER-ResetCodeInvalid. With the current password,
/// it is verified through <see cref="PasswordChecker"/> in the hashing slot the request already holds: a wrong one
/// answers COMMAND-3M0fs and counts toward lockout; a locked or deactivated user is refused only after it matched.
/// Then the aggregate checks, hashes and applies the new password, and the lockout count starts again.
/// </summary>
internal sealed class SetPasswordV2Handler(
    RequestContext context,
    IUserRepository users,
    PasswordChecker checker,
    IPasswordCheckFailures failures,
    PasswordRules passwordRules,
    RequestPasswordHasher hasher,
    IPasswordResetCodes codes,
    IUnitOfWork unitOfWork,
    TimeProvider clock) : IRequestHandler<SetPasswordV2Command, ObjectDetailsDto>
{
    /// <summary>How often a refused code is evaluated again when the user changed meanwhile.</summary>
    private const int RefusalAttempts = 5;

    public async Task<ObjectDetailsDto> Handle(SetPasswordV2Command request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var org = context.RequireTenant();
        var caller = context.RequireCaller();
        var user = await users.FindInOrgAsync(org.Id, request.UserId, cancellationToken).ConfigureAwait(false);
        if (request.VerificationCode is { } code)
        {
            return await ResetWithCodeAsync(user, codes.HashOf(code), request, caller.UserId.Value, cancellationToken).ConfigureAwait(false);
        }

        var setBy = user.Id == caller.UserId ? PasswordSetter.User : PasswordSetter.Administrator;
        if (request.CurrentPassword is { } current)
        {
            user = await checker.CheckInHeldSlotAsync(user, current, cancellationToken).ConfigureAwait(false);
            setBy = PasswordSetter.User;
        }

        user.SetPassword(request.NewPassword, request.ChangeRequired, setBy, passwordRules.For(org), hasher.Hash, clock.GetUtcNow(), caller.UserId.Value);
        await failures.ResetAsync(user.Id, cancellationToken).ConfigureAwait(false);
        return user.Details();
    }

    private async Task<ObjectDetailsDto> ResetWithCodeAsync(User user, string codeHash, SetPasswordV2Command request, string editorId, CancellationToken cancellationToken)
    {
        var policy = passwordRules.For(context.RequireTenant());
        for (var attempt = 1; attempt <= RefusalAttempts; attempt++)
        {
            if (user.ResetPasswordWithCode(codeHash, request.NewPassword, request.ChangeRequired, policy, hasher.Hash, clock.GetUtcNow(), editorId))
            {
                await failures.ResetAsync(user.Id, cancellationToken).ConfigureAwait(false);
                return user.Details();
            }

            try
            {
                await unitOfWork.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                break;
            }
            catch (ConcurrencyConflictException)
            {
                // Another request changed the user (e.g. a parallel guess): evaluate the code again on fresh state.
                unitOfWork.Reset();
                user = await users.FindInOrgAsync(user.OrgId, user.Id.Value, cancellationToken).ConfigureAwait(false);
            }
        }

        throw new DomainException(Errors.User.ResetCodeInvalid, "The verification code is invalid");
    }
}
