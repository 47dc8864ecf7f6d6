using MediatR;

namespace Identity.Application.Common;

/// <summary>Every request declares the permission the caller must hold.</summary>
internal interface IAuthorizedRequest
{
    string Permission { get; }
}

/// <summary>
/// A command that acts on an existing user's credentials or state. The target behaviour refuses it
/// unless the caller's permissions include the target's in every scope where the target holds roles
/// (no escalation through the target). Every command declares either this or <see cref="ITargetsNoUser"/>.
/// </summary>
internal interface ITargetsUser : IAuthorizedRequest
{
    /// <summary>The id of the user the command acts on, as sent.</summary>
    string TargetUserId { get; }
}

/// <summary>
/// A command that acts on no existing user's credentials or state (it creates one, or changes an org
/// or its policy). Declared explicitly, so that a new command cannot forget the target rule by silence.
/// </summary>
internal interface ITargetsNoUser : IAuthorizedRequest
{
}

/// <summary>A request that acts on the instance, not in one organization (no tenant is resolved).</summary>
internal interface IInstanceRequest : IAuthorizedRequest
{
}

/// <summary>
/// A request that looks across the orgs (ZITADEL's <c>global</c> methods): no tenant is resolved and
/// <c>x-zitadel-orgid</c> plays no role; the caller must hold the permission at instance level or in its own org,
/// and the handler decides what of other orgs it may answer.
/// </summary>
internal interface IAcrossOrgsRequest : IInstanceRequest
{
}

/// <summary>
/// A request that acts in the org of the user it names (ZITADEL's v2 services: <c>x-zitadel-orgid</c>
/// plays no role). The tenant behaviour looks the user up in any org and makes its org the tenant; a user
/// that does not exist, is removed, or lies in an org where the caller holds no role (nor an instance role)
/// answers the same NotFound, so that ids of other orgs' users do not leak.
/// </summary>
internal interface ITenantFromUser : IAuthorizedRequest
{
    /// <summary>The id of the user whose org the request acts in, as sent.</summary>
    string UserId { get; }

    /// <summary>Whether the caller may send it about itself without <see cref="IAuthorizedRequest.Permission"/>.</summary>
    bool SelfAllowed { get; }
}

/// <summary>A request that changes state: it runs in one unit of work.</summary>
#pragma warning disable CA1040 // marker interface: the pipeline selects behaviours by it
internal interface ICommand<out TResponse> : IRequest<TResponse>
{
}
#pragma warning restore CA1040
