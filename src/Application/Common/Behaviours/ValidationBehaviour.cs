using FluentValidation;
using Identity.Domain.Common;
using MediatR;

namespace Identity.Application.Common.Behaviours;

/// <summary>docs/rules.md step 4: the request's shape; every violation is reported, one detail each.</summary>
internal sealed class ValidationBehaviour<TRequest, TResponse>(IEnumerable<IValidator<TRequest>> validators)
    : IPipelineBehavior<TRequest, TResponse>
    where TRequest : IRequest<TResponse>
{

    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        await RequestValidation.ValidateAsync(validators, request, cancellationToken).ConfigureAwait(false);
        return await next().ConfigureAwait(false);
    }
}

/// <summary>The validation step itself, also run by the tenant behaviour before it looks up a user by a request's id.</summary>
internal static class RequestValidation
{
    /// <summary>Runs every validator of the request; throws InvalidArgument with one detail per violation.</summary>
    public static async Task ValidateAsync<TRequest>(IEnumerable<IValidator<TRequest>> validators, TRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(validators);
        var violations = new List<ErrorDetail>();
        foreach (var validator in validators)
        {
            var result = await validator.ValidateAsync(request, cancellationToken).ConfigureAwait(false);
            violations.AddRange(result.Errors.Select(e => new ErrorDetail(e.ErrorCode, e.ErrorMessage)));
        }

        if (violations.Count > 0)
        {
            var summary = Errors.Validation.InvalidArgument.Detail("Request is invalid: " + string.Join(", ", violations.Select(v => v.Id)));
            throw new DomainException(Errors.Validation.InvalidArgument.Kind, summary, violations);
        }
    }
}
