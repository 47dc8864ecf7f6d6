using Grpc.Core;
using Grpc.Core.Interceptors;
using Identity.Api.Composition;
using Identity.Application.Abstractions;
using Identity.Domain.Common;

namespace Identity.Api.Grpc;

/// <summary>
/// Outermost interceptor: every failure leaves as a contract-shaped status. Unexpected exceptions are
/// logged with their type and the method, and answer Internal without their text.
/// </summary>
public sealed partial class ErrorInterceptor(ILogger<ErrorInterceptor> logger) : Interceptor
{

    private static bool IsDatabaseUnavailable(ServerCallContext context, Exception exception) =>
        context.GetHttpContext().RequestServices.GetService<ModuleRequestScope>()?.Services.GetService<IDatabaseStatus>()?.IsUnavailable(exception) == true;

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(continuation);
        try
        {
            return await continuation(request, context).ConfigureAwait(false);
        }
        catch (DomainException ex)
        {
            LogRefused(logger, context.Method, ex.Summary.Id);
            if (ex.RetryAfter is { } retryAfter)
            {
                // A response header on both protocols: REST (transcoding) keeps it beside the JSON error,
                // and a native gRPC error without a message is "trailers-only", so the client reads it
                // with the status.
                context.GetHttpContext().Response.Headers.RetryAfter =
                    Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            throw ErrorMapping.ToRpcException(ex);
        }
        catch (RpcException)
        {
            throw;
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            throw ErrorMapping.Error(Errors.Api.Cancelled, "The call was cancelled");
        }
#pragma warning disable CA1031 // the last line of defence: nothing unexpected leaves with its text
        catch (Exception ex) when (IsDatabaseUnavailable(context, ex))
        {
            LogDatabaseUnavailable(logger, context.Method, ex.GetType().Name);
            throw ErrorMapping.Error(Errors.Db.Unavailable, "The database is unavailable; try again later");
        }
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogFailed(logger, ex, context.Method, ex.GetType().Name);
            throw ErrorMapping.Error(Errors.Internal.Error, "Internal error");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} refused: {ErrorId}")]
    private static partial void LogRefused(ILogger logger, string method, string errorId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} answered Unavailable: the database failed with {ExceptionType}")]
    private static partial void LogDatabaseUnavailable(ILogger logger, string method, string exceptionType);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} failed with {ExceptionType}")]
    private static partial void LogFailed(ILogger logger, Exception exception, string method, string exceptionType);
}
