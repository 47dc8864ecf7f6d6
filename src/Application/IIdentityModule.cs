using Identity.Application.Events;
using MediatR;

namespace Identity.Application;

/// <summary>
/// The Identity module as other modules in the same process use it: send its commands and queries
/// (the public records of <c>Identity.Application</c>, e.g. <c>SetInitialPasswordCommand</c>) as an
/// explicit caller, and subscribe to its integration events. Every request passes the same tenant,
/// authorization, validation, target and unit-of-work behaviours as a call over REST or gRPC.
/// A refusal is a <see cref="Identity.Domain.Common.DomainException"/> with the same stable id and kind
/// (<c>USER-NotFound</c>, <c>POLICY-MinLength</c>, ...) as on the wire.
/// </summary>
public interface IIdentityModule
{
    /// <summary>Sends a command or query as <paramref name="caller"/>; its org, if named, is the org the call acts in.</summary>
    Task<TResponse> SendAsync<TResponse>(IRequest<TResponse> request, ModuleCaller caller, CancellationToken cancellationToken = default);

    /// <summary>See <see cref="IIntegrationEventSubscriptions.Subscribe"/>.</summary>
    IDisposable Subscribe(string group, Func<IntegrationEvent, CancellationToken, Task> handler);
}

/// <summary>
/// Who sends a request through <see cref="IIdentityModule"/>: a user of the module (its roles apply, as
/// for a token of that user), or the system under a name (every permission; recorded in the audit
/// trail as the editor <c>system:&lt;name&gt;</c>). <see cref="OrgId"/> plays the part of the
/// <c>x-zitadel-orgid</c> header; the system must name an org for every request that acts in one.
/// </summary>
public sealed record ModuleCaller
{
    private ModuleCaller(string? userId, string? systemName, string? orgId)
    {
        UserId = userId;
        SystemName = systemName;
        OrgId = orgId;
    }

    /// <summary>The acting user's id; null for the system.</summary>
    public string? UserId { get; }

    /// <summary>The system caller's name (letters, digits, '-', '_', '.'); null for a user.</summary>
    public string? SystemName { get; }

    /// <summary>The org the request acts in; null: the user's own org.</summary>
    public string? OrgId { get; }

    public static ModuleCaller User(string userId, string? orgId = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        return new ModuleCaller(userId, null, orgId);
    }

    public static ModuleCaller System(string name, string? orgId = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            throw new ArgumentException("A system caller's name is made of ASCII letters, digits, '-', '_' and '.'.", nameof(name));
        }

        return new ModuleCaller(null, name, orgId);
    }
}
