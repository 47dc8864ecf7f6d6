using MediatR;

namespace Identity.Application.Common;

/// <summary>Every request declares the permission the caller must hold.</summary>
public interface IAuthorizedRequest
{
    string Permission { get; }
}

/// <summary>A request that acts on the instance, not in one organization (no tenant is resolved).</summary>
public interface IInstanceRequest : IAuthorizedRequest
{
}

/// <summary>A request that changes state: it runs in one unit of work.</summary>
#pragma warning disable CA1040 // marker interface: the pipeline selects behaviours by it
public interface ICommand<out TResponse> : IRequest<TResponse>
{
}
#pragma warning restore CA1040
