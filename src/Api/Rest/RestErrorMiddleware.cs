using System.Text.Json;
using Grpc.Core;
using Identity.Api.Grpc;
using Identity.Domain.Common;

namespace Identity.Api.Rest;

/// <summary>
/// Keeps every REST error in the contract's shape, including the ones produced before the service
/// runs (unknown route, wrong method, malformed JSON, body too large, unhandled exceptions): a
/// response of status 400 or more without a <c>zitadel.v1.ErrorDetail</c> is rewritten.
/// Native gRPC calls pass untouched (their errors travel in trailers).
/// </summary>
public sealed partial class RestErrorMiddleware(RequestDelegate next, ILogger<RestErrorMiddleware> logger)
{
    private const string ErrorDetailType = "type.googleapis.com/zitadel.v1.ErrorDetail";

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (IsGrpc(context.Request))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // answered in the contract's shape, logged by type only
        catch (Exception ex) when (!context.Response.HasStarted)
#pragma warning restore CA1031
        {
            LogUnhandled(logger, ex, context.Request.Path, ex.GetType().Name);
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        }
        finally
        {
            context.Response.Body = original;
        }

        if (context.Response.StatusCode >= 400 && !HasErrorDetail(buffer))
        {
            var message = UpstreamMessage(buffer);
            if (context.Response.StatusCode == StatusCodes.Status400BadRequest && IsTimestampError(message))
            {
                // The same id as gRPC, where the value reaches the service and is checked there.
                await WriteAsync(context, StatusCodes.Status400BadRequest, StatusCode.InvalidArgument,
                    new ErrorDetail(Errors.Api.TimestampInvalidId, "A timestamp " + ProtoMapping.TimestampInvalidMessage)).ConfigureAwait(false);
                return;
            }

            await WriteAsync(context, context.Response.StatusCode, message).ConfigureAwait(false);
            return;
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(original, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>A native gRPC call (its errors travel in trailers, never in this shape).</summary>
    public static bool IsGrpc(HttpRequest request) =>
        request?.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>Writes a contract-shaped error for an HTTP status produced outside the service.</summary>
    public static Task WriteAsync(HttpContext context, int httpStatus, string? message = null)
    {
        var (code, id, text) = httpStatus switch
        {
            400 => (StatusCode.InvalidArgument, Errors.Api.InvalidRequestId, "The request is invalid"),
            401 => (StatusCode.Unauthenticated, Errors.Auth.UnauthenticatedId, "A bearer token is required"),
            403 => (StatusCode.PermissionDenied, Errors.Api.PermissionDeniedId, "Permission denied"),
            404 => (StatusCode.NotFound, Errors.Api.RouteNotFoundId, "No such route"),
            405 => (StatusCode.Unimplemented, Errors.Api.MethodNotAllowedId, "The method is not allowed on this route"),
            413 => (StatusCode.ResourceExhausted, Errors.Api.BodyTooLargeId, "The request body is too large"),
            415 => (StatusCode.InvalidArgument, Errors.Api.UnsupportedMediaTypeId, "The content type is not supported"),
            429 => (StatusCode.ResourceExhausted, Errors.Api.TooManyRequestsId, "Too many requests"),
            503 => (StatusCode.Unavailable, Errors.Api.UnavailableId, "The service is unavailable"),
            _ when httpStatus < 500 => (StatusCode.InvalidArgument, Errors.Api.InvalidRequestId, "The request is invalid"),
            _ => (StatusCode.Internal, Errors.Internal.ErrorId, "Internal error"),
        };
        return WriteAsync(context, httpStatus, code, new ErrorDetail(id, string.IsNullOrWhiteSpace(message) || httpStatus >= 500 ? text : message));
    }

    /// <summary>Writes a contract-shaped error with the given code and detail.</summary>
    public static Task WriteAsync(HttpContext context, int httpStatus, StatusCode code, ErrorDetail detail)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = httpStatus;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = null;
        return context.Response.Body.WriteAsync(Serialize(code, detail), context.RequestAborted).AsTask();
    }

    /// <summary>The google.rpc.Status JSON that transcoding writes, for one detail.</summary>
    private static byte[] Serialize(StatusCode code, ErrorDetail detail)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteNumber("code", (int)code);
            json.WriteString("message", $"{detail.Message} ({detail.Id})");
            json.WriteStartArray("details");
            json.WriteStartObject();
            json.WriteString("@type", ErrorDetailType);
            json.WriteString("id", detail.Id);
            json.WriteString("message", detail.Message);
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }

        return stream.ToArray();
    }

    private static bool HasErrorDetail(MemoryStream buffer) =>
        buffer.Length > 0 && buffer.GetBuffer().AsSpan(0, (int)buffer.Length).IndexOf(System.Text.Encoding.UTF8.GetBytes(ErrorDetailType)) >= 0;

    /// <summary>JSON transcoding's messages for a Timestamp it cannot parse (out of range, not RFC 3339, not a string).</summary>
    private static bool IsTimestampError(string? message) =>
        message is not null && (message.StartsWith("Invalid Timestamp value", StringComparison.Ordinal)
            || message.StartsWith("Expected string value for Timestamp", StringComparison.Ordinal));

    /// <summary>The message of an upstream JSON error body (e.g. transcoding's "Request JSON payload is not correctly formatted."), if any.</summary>
    private static string? UpstreamMessage(MemoryStream buffer)
    {
        if (buffer.Length == 0)
        {
            return null;
        }

        try
        {
            using var json = JsonDocument.Parse(buffer.ToArray());
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String
                ? m.GetString()?.TrimEnd('.')
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Request to {Path} failed with {ExceptionType}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string path, string exceptionType);
}
