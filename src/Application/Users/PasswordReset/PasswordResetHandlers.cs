using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Application.Notifications;
using Identity.Domain.Common;
using Identity.Domain.Users;
using MediatR;

namespace Identity.Application.Users.PasswordReset;

/// <summary>
/// Opens a reset code for the user of the tenant: the user must exist in the org (USER-NotFound), then the medium
/// must be one this module can deliver by. <see cref="PasswordResetMedium.ReturnCode"/>: the aggregate keeps the
/// code's hash with its expiry (<c>Identity:Passwords:ResetCodeLifetime</c>) and the code is answered.
/// <see cref="PasswordResetMedium.Email"/>: an SMTP server and a link template are needed, then the aggregate records
/// the request (no code: the notification sender issues it when it sends the email, after this commit).
/// </summary>
internal sealed class PasswordResetIssuer(
    RequestContext context,
    IUserRepository users,
    IPasswordResetCodes codes,
    IEmailSender email,
    NotificationSettings notifications,
    PasswordRules passwordRules,
    TimeProvider clock)
{
    public async Task<PasswordResetDto> IssueAsync(string userId, PasswordResetMedium medium, string? urlTemplate, CancellationToken cancellationToken)
    {
        var org = context.RequireTenant();
        var caller = context.RequireCaller();
        var user = await users.FindInOrgAsync(org.Id, userId, cancellationToken).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        switch (medium)
        {
            case PasswordResetMedium.Email:
                if (!email.IsConfigured)
                {
                    throw new DomainException(Errors.Notify.EmailUnavailable, "No SMTP server is configured (Identity:Smtp:Host), so reset emails cannot be sent; request the code with return_code and deliver it yourself");
                }

                if (urlTemplate is null && notifications.PasswordResetUrl is null)
                {
                    throw new DomainException(Errors.Notify.ResetLinkUnconfigured, "No link template for the reset email: send url_template or configure Identity:Notifications:PasswordResetUrl");
                }

                user.RequestPasswordResetEmail(urlTemplate, now, caller.UserId.Value);
                return new PasswordResetDto(user.Details(), null);
            case PasswordResetMedium.Sms:
                throw new DomainException(Errors.Notify.SmsUnavailable, "Password reset codes cannot be sent by SMS");
        }

        var (code, hash) = codes.Generate();
        user.RequestPasswordReset(hash, now + passwordRules.ResetCodeLifetime, now, caller.UserId.Value);
        return new PasswordResetDto(user.Details(), code);
    }
}

internal sealed class PasswordResetV2Handler(PasswordResetIssuer issuer) : IRequestHandler<PasswordResetV2Command, PasswordResetDto>
{
    public Task<PasswordResetDto> Handle(PasswordResetV2Command request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return issuer.IssueAsync(request.UserId, request.Medium, request.UrlTemplate, cancellationToken);
    }
}

internal sealed class SendPasswordResetNotificationHandler(PasswordResetIssuer issuer) : IRequestHandler<SendPasswordResetNotificationCommand, ObjectDetailsDto>
{
    public async Task<ObjectDetailsDto> Handle(SendPasswordResetNotificationCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var issued = await issuer.IssueAsync(request.UserId, request.Medium, null, cancellationToken).ConfigureAwait(false);
        return issued.Details;
    }
}
