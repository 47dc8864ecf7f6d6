using MediatR;

namespace Identity.Consumer.Tests;

// A host's own module, with its own MediatR request, handler and pipeline behaviour: none of the
// Identity module's behaviours may run on it, and its behaviour must not run on the Identity module's.

public sealed record PlaceOrder(string Item) : IRequest<string>;

public sealed class PlaceOrderHandler(TimeProvider clock) : IRequestHandler<PlaceOrder, string>
{
    public Task<string> Handle(PlaceOrder request, CancellationToken cancellationToken) =>
        Task.FromResult($"{request?.Item} at {clock.GetUtcNow():O}");
}

/// <summary>Counts what passes the host's pipeline.</summary>
public sealed class ShopAuditBehaviour<TRequest, TResponse>(ShopAudit audit) : IPipelineBehavior<TRequest, TResponse>
    where TRequest : IRequest<TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        audit.Seen.Add(typeof(TRequest).Name);
        return await next().ConfigureAwait(false);
    }
}

public sealed class ShopAudit
{
    public System.Collections.Concurrent.ConcurrentBag<string> Seen { get; } = [];
}

/// <summary>The host's own clock, fixed far in the past: the Identity module must keep its own.</summary>
public sealed class FrozenClock : TimeProvider
{
    public static readonly DateTimeOffset Now = new(2001, 2, 3, 4, 5, 6, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => Now;
}
