using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Domain.Common;
using Identity.Domain.Users;
using MediatR;

namespace Identity.Application.Users.PasswordReset;

/// <summary>
/// Opens a reset code for the user of the tenant: the user must exist in the org (USER-NotFound), then the medium
/// must be one this module can deliver by (only the answer itself, <see cref="PasswordResetMedium.ReturnCode"/>),
/// then the aggregate keeps the code's hash with its expiry (<c>Identity:Passwords:ResetCodeLifetime</c>).
/// </summary>
internal sealed class PasswordResetIssuer(
    RequestContext context,
    IUserRepository users,
    IPasswordResetCodes codes,
    PasswordRules passwordRules,
    TimeProvider clock)
{
    public async Task<PasswordResetDto> IssueAsync(string userId, PasswordResetMedium medium, CancellationToken cancellationToken)
    {
        var org = context.RequireTenant();
        var caller = context.RequireCaller();
        var user = await users.FindInOrgAsync(org.Id, userId, cancellationToken).ConfigureAwait(false);
        EnsureDeliverable(medium);
        var (code, hash) = codes.Generate();
        var now = clock.GetUtcNow();
        user.RequestPasswordReset(hash, now + passwordRules.ResetCodeLifetime, now, caller.UserId.Value);
        return new PasswordResetDto(user.Details(), code);
    }

    private static void EnsureDeliverable(PasswordResetMedium medium)
    {
        switch (medium)
        {
            case PasswordResetMedium.Email:
                throw new DomainException(Errors.Notify.EmailUnavailable, "Reset emails are not sent by this version yet; request the code with return_code and deliver it yourself");
            case PasswordResetMedium.Sms:
                throw new DomainException(Errors.Notify.SmsUnavailable, "Password reset codes cannot be sent by SMS");
        }
    }
}

internal sealed class PasswordResetV2Handler(PasswordResetIssuer issuer) : IRequestHandler<PasswordResetV2Command, PasswordResetDto>
{
    public Task<PasswordResetDto> Handle(PasswordResetV2Command request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return issuer.IssueAsync(request.UserId, request.Medium, cancellationToken);
    }
}

internal sealed class SendPasswordResetNotificationHandler(PasswordResetIssuer issuer) : IRequestHandler<SendPasswordResetNotificationCommand, ObjectDetailsDto>
{
    public async Task<ObjectDetailsDto> Handle(SendPasswordResetNotificationCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var issued = await issuer.IssueAsync(request.UserId, request.Medium, cancellationToken).ConfigureAwait(false);
        return issued.Details;
    }
}
