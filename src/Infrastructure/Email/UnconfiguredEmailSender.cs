using Identity.Application.Abstractions;

namespace Identity.Infrastructure.Email;

/// <summary>The sender when no SMTP server is configured (<c>Identity:Smtp:Host</c> empty): callers see <see cref="IsConfigured"/> false.</summary>
internal sealed class UnconfiguredEmailSender : IEmailSender
{
    public bool IsConfigured => false;

    public Task SendAsync(EmailMessage message, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("No SMTP server is configured (Identity:Smtp:Host); check IEmailSender.IsConfigured before sending.");
}
