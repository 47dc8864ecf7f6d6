using Identity.Application.Abstractions;
using Identity.Domain.Common;
using MediatR;

namespace Identity.Application.Common.Behaviours;

/// <summary>
/// docs/rules.md step 11: a command's changes are committed in one transaction after its handler ran.
/// On a concurrency conflict the handler runs again on fresh state (an expensive step such as the
/// password hash is not repeated: see <see cref="RequestPasswordHasher"/>); only a persistent
/// conflict answers Aborted.
/// </summary>
internal sealed class UnitOfWorkBehaviour<TRequest, TResponse>(IUnitOfWork unitOfWork)
    : IPipelineBehavior<TRequest, TResponse>
    where TRequest : IRequest<TResponse>
{
    public const int MaxAttempts = 5;

    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (request is not ICommand<TResponse>)
        {
            return await next().ConfigureAwait(false);
        }

        for (var attempt = 1; ; attempt++)
        {
            var response = await next().ConfigureAwait(false);
            try
            {
                await unitOfWork.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                return response;
            }
            catch (ConcurrencyConflictException) when (attempt < MaxAttempts)
            {
                unitOfWork.Reset();
                IdentityMetrics.ConcurrencyRetries.Add(1, new KeyValuePair<string, object?>("request", typeof(TRequest).Name));
                await Task.Delay(Backoff(attempt), cancellationToken).ConfigureAwait(false);
            }
            catch (ConcurrencyConflictException)
            {
                unitOfWork.Reset();
                IdentityMetrics.ConcurrencyAborts.Add(1, new KeyValuePair<string, object?>("request", typeof(TRequest).Name));
                throw new DomainException(Errors.Command.ConcurrentModification, "The object was changed concurrently; try again");
            }
        }
    }

    /// <summary>Small randomized back-off so that colliding writers spread out.</summary>
    private static TimeSpan Backoff(int attempt) =>
        TimeSpan.FromMilliseconds(Random.Shared.Next(1, 5 * attempt * attempt));
}
