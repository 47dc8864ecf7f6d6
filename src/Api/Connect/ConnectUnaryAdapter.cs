using System.Buffers.Binary;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Identity.Api.Grpc;
using Identity.Domain.Common;
using Microsoft.AspNetCore.Http.Features;

namespace Identity.Api.Connect;

/// <summary>
/// The Connect protocol's unary binding (<c>POST /&lt;package&gt;.&lt;Service&gt;/&lt;Method&gt;</c> with
/// <c>application/json</c> or <c>application/proto</c>) for the services it is given, on the path that also
/// serves native gRPC: a request whose content type is <c>application/grpc*</c> is left alone.
/// <para>
/// The adapter does not call handlers itself. It reads the request message (proto JSON or binary), hands
/// it to the module's gRPC pipeline as a gRPC-Web call (the same endpoint, interceptors, authentication,
/// message size limit and error mapping as every other transport), and turns the gRPC answer into
/// Connect's: the message with 200, or the error JSON
/// <c>{"code":"not_found","message":"…","details":[{"type":"zitadel.v1.ErrorDetail","value":"…","debug":{…}}]}</c>
/// with Connect's HTTP status. Every method of a given service is reachable without a route of its own.
/// </para>
/// </summary>
internal sealed class ConnectUnaryAdapter
{
    /// <summary>The content type the request is handed to the gRPC pipeline with.</summary>
    private const string GrpcWebProto = "application/grpc-web+proto";

    private const string ProtocolVersionHeader = "connect-protocol-version";
    private const string TimeoutHeader = "connect-timeout-ms";

    private static readonly TypeRegistry Types = TypeRegistry.FromMessages(Zitadel.V1.ErrorDetail.Descriptor);

    /// <summary>Proto3 JSON as the REST answers write it: JSON names, 64-bit integers as strings, zero values omitted, enums by name.</summary>
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithTypeRegistry(Types).WithFormatDefaultValues(false));

    /// <summary>Proto JSON input: JSON or proto field names, unknown fields ignored (as ZITADEL's gateway and REST here).</summary>
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithTypeRegistry(Types).WithIgnoreUnknownFields(true));

    private readonly Dictionary<string, MethodDescriptor> _methods = new(StringComparer.Ordinal);
    private readonly HashSet<string> _services = new(StringComparer.Ordinal);
    private readonly long _maxBody;

    public ConnectUnaryAdapter(IEnumerable<Google.Protobuf.Reflection.ServiceDescriptor> services, long maxBody)
    {
        ArgumentNullException.ThrowIfNull(services);
        _maxBody = maxBody;
        foreach (var service in services)
        {
            _services.Add(service.FullName);
            foreach (var method in service.Methods.Where(m => !m.IsClientStreaming && !m.IsServerStreaming))
            {
                _methods.Add($"/{service.FullName}/{method.Name}", method);
            }
        }
    }

    /// <summary>The full names of the services served over Connect.</summary>
    public IReadOnlyCollection<string> Services => _services;

    /// <summary>
    /// A POST to a path of one of the services that is not native gRPC or gRPC-Web. Other content types
    /// than JSON and proto are answered here too (415 in Connect's shape), so that nothing but gRPC reaches
    /// the gRPC endpoint.
    /// </summary>
    public bool Handles(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return HttpMethods.IsPost(request.Method)
            && request.Path.Value is { } path
            && ServiceOf(path) is { } service
            && _services.Contains(service)
            && request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) != true;
    }

    private static string? ServiceOf(string path)
    {
        var slash = path.IndexOf('/', 1);
        return path.Length > 1 && path[0] == '/' && slash > 1 ? path[1..slash] : null;
    }

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var request = context.Request;
        var codec = CodecOf(request.ContentType);
        if (codec is null)
        {
            context.Response.Headers["Accept-Post"] = "application/json, application/proto";
            await WriteErrorAsync(context, StatusCodes.Status415UnsupportedMediaType,
                ErrorMapping.ToStatus(StatusCode.InvalidArgument, Errors.Api.UnsupportedMediaType.Detail("The Connect protocol takes application/json or application/proto"))).ConfigureAwait(false);
            return;
        }

        if (!_methods.TryGetValue(request.Path.Value!, out var method))
        {
            await WriteErrorAsync(context, ErrorMapping.ToStatus(StatusCode.NotFound, Errors.Api.RouteNotFound.Detail("No such method"))).ConfigureAwait(false);
            return;
        }

        if (RefusedHeaders(request) is { } refused)
        {
            await WriteErrorAsync(context, refused).ConfigureAwait(false);
            return;
        }

        var body = await ReadBodyAsync(context).ConfigureAwait(false);
        if (body is null)
        {
            await WriteErrorAsync(context, ErrorMapping.ToStatus(StatusCode.ResourceExhausted, Errors.Api.BodyTooLarge.Detail("The request body is too large"))).ConfigureAwait(false);
            return;
        }

        byte[] message;
        try
        {
            message = codec == Codec.Json
                ? Parser.Parse(Encoding.UTF8.GetString(body), method.InputType).ToByteArray()
                : method.InputType.Parser.ParseFrom(body).ToByteArray();
        }
        catch (Exception ex) when (ex is InvalidProtocolBufferException or InvalidJsonException or FormatException or DecoderFallbackException or ArgumentException)
        {
            // The parser's text may quote the input, so the answer names only what was wrong in general.
            // (The JSON parser's messages for a Timestamp it cannot read, as REST's transcoding words them.)
            var detail = ex.Message.StartsWith("Invalid Timestamp value", StringComparison.Ordinal) || ex.Message.StartsWith("Expected string value for Timestamp", StringComparison.Ordinal)
                ? Errors.Api.TimestampInvalid.Detail("A timestamp " + ProtoMapping.TimestampInvalidMessage)
                : Errors.Api.InvalidRequest.Detail(codec == Codec.Json ? "Request JSON payload is not correctly formatted" : "Request payload is not a valid message");
            await WriteErrorAsync(context, ErrorMapping.ToStatus(StatusCode.InvalidArgument, detail)).ConfigureAwait(false);
            return;
        }

        // The call as gRPC-Web: one uncompressed message frame.
        var framed = new byte[5 + message.Length];
        BinaryPrimitives.WriteUInt32BigEndian(framed.AsSpan(1), (uint)message.Length);
        message.CopyTo(framed, 5);
        request.ContentType = GrpcWebProto;
        request.Body = new MemoryStream(framed, writable: false);
        request.ContentLength = framed.Length;
        request.Headers.Remove(ProtocolVersionHeader);
        if (request.Headers.TryGetValue(TimeoutHeader, out var timeout))
        {
            request.Headers.Remove(TimeoutHeader);
            // gRPC's timeout has at most 8 digits: longer ones in seconds (Connect allows 10 digits of milliseconds).
            var milliseconds = long.Parse(timeout.ToString(), NumberStyles.None, CultureInfo.InvariantCulture);
            request.Headers["grpc-timeout"] = milliseconds < 100_000_000
                ? milliseconds.ToString(CultureInfo.InvariantCulture) + "m"
                : (milliseconds / 1000).ToString(CultureInfo.InvariantCulture) + "S";
        }

        // The answer is captured whole (and completed, so that the pipe writer gRPC wrote through is flushed).
        var original = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
        using var answer = new MemoryStream();
        var capture = new StreamResponseBodyFeature(answer, original);
        context.Features.Set<IHttpResponseBodyFeature>(capture);
        try
        {
            await next(context).ConfigureAwait(false);
            await capture.CompleteAsync().ConfigureAwait(false);
        }
        finally
        {
            context.Features.Set(original);
        }

        await WriteAnswerAsync(context, codec.Value, method, answer).ConfigureAwait(false);
    }

    private enum Codec
    {
        Json,
        Proto,
    }

    private static Codec? CodecOf(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var parsed) || parsed.MediaType is not { } type)
        {
            return null;
        }

        if (parsed.CharSet is { } charset && !charset.Trim('"').Equals("utf-8", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return type.ToLowerInvariant() switch
        {
            "application/json" => Codec.Json,
            "application/proto" or "application/protobuf" => Codec.Proto,
            _ => null,
        };
    }

    /// <summary>The protocol version (when sent) must be 1, the timeout a number of milliseconds, and the body uncompressed.</summary>
    private static Google.Rpc.Status? RefusedHeaders(HttpRequest request)
    {
        var version = request.Headers[ProtocolVersionHeader].ToString();
        if (version.Length > 0 && version != "1")
        {
            return ErrorMapping.ToStatus(StatusCode.InvalidArgument, Errors.Api.InvalidRequest.Detail("Connect-Protocol-Version must be 1"));
        }

        var timeout = request.Headers[TimeoutHeader].ToString();
        if (request.Headers.ContainsKey(TimeoutHeader) && (timeout.Length is 0 or > 10 || !timeout.All(char.IsAsciiDigit)))
        {
            return ErrorMapping.ToStatus(StatusCode.InvalidArgument, Errors.Api.InvalidRequest.Detail("Connect-Timeout-Ms must be a number of milliseconds (at most 10 digits)"));
        }

        var encoding = request.Headers.ContentEncoding.ToString();
        if (encoding.Length > 0 && !encoding.Equals("identity", StringComparison.OrdinalIgnoreCase))
        {
            return ErrorMapping.ToStatus(StatusCode.InvalidArgument, Errors.Api.UnsupportedMediaType.Detail("Compressed Connect requests are not supported"));
        }

        return null;
    }

    /// <summary>The whole body, or null when it is larger than the limit (announced or read).</summary>
    private async Task<byte[]?> ReadBodyAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.ContentLength > _maxBody)
        {
            return null;
        }

        using var body = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
            {
                if (body.Length + read > _maxBody)
                {
                    return null;
                }

                body.Write(chunk, 0, read);
            }
        }
        catch (Microsoft.AspNetCore.Http.BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }

        return body.ToArray();
    }

    /// <summary>Turns the gRPC-Web answer (status in the headers or in the trailer frame) into Connect's.</summary>
    private static async Task WriteAnswerAsync(HttpContext context, Codec codec, MethodDescriptor method, MemoryStream answer)
    {
        var response = context.Response;
        var (message, trailers) = ReadFrames(answer.GetBuffer().AsSpan(0, (int)answer.Length));
        string? Value(string key) => trailers.TryGetValue(key, out var fromTrailers) ? fromTrailers
            : response.Headers.TryGetValue(key, out var fromHeaders) ? fromHeaders.ToString() : null;

        var statusValue = Value("grpc-status");
        var code = int.TryParse(statusValue, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? (StatusCode)parsed : StatusCode.Internal;
        Google.Rpc.Status? status = null;
        if (code != StatusCode.OK || message is null)
        {
            // The module's errors carry their google.rpc.Status; gRPC's own (a deadline, an unreadable message)
            // have only a code and a message, and so have they here, as on native gRPC.
            status = DecodeStatus(Value("grpc-status-details-bin")) ?? new Google.Rpc.Status
            {
                Code = (int)(code == StatusCode.OK ? StatusCode.Internal : code),
                Message = Uri.UnescapeDataString(Value("grpc-message") ?? "Internal error"),
            };
        }

        foreach (var key in response.Headers.Keys.Where(k => k.StartsWith("grpc-", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            response.Headers.Remove(key);
        }

        if (status is not null)
        {
            await WriteErrorAsync(context, status).ConfigureAwait(false);
            return;
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentLength = null;
        if (codec == Codec.Proto)
        {
            response.ContentType = "application/proto";
            await response.Body.WriteAsync(message, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        response.ContentType = "application/json";
        await response.Body.WriteAsync(Compact(Formatter.Format(method.OutputType.Parser.ParseFrom(message))), context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>The formatter's JSON without its spaces, as REST writes it.</summary>
    private static byte[] Compact(string json)
    {
        using var document = JsonDocument.Parse(json);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            document.WriteTo(writer);
        }

        return stream.ToArray();
    }

    /// <summary>The first message frame and the trailer frame of a binary gRPC-Web body.</summary>
    private static (byte[]? Message, Dictionary<string, string> Trailers) ReadFrames(ReadOnlySpan<byte> body)
    {
        byte[]? message = null;
        var trailers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        while (body.Length >= 5)
        {
            var flags = body[0];
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(body[1..5]);
            if (length < 0 || body.Length < 5 + length)
            {
                break;
            }

            var payload = body.Slice(5, length);
            if ((flags & 0x80) != 0)
            {
                foreach (var line in Encoding.ASCII.GetString(payload).Split("\r\n", StringSplitOptions.RemoveEmptyEntries))
                {
                    var colon = line.IndexOf(':', StringComparison.Ordinal);
                    if (colon > 0)
                    {
                        trailers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
                    }
                }
            }
            else
            {
                message ??= payload.ToArray();
            }

            body = body[(5 + length)..];
        }

        return (message, trailers);
    }

    private static Google.Rpc.Status? DecodeStatus(string? detailsBin)
    {
        if (string.IsNullOrEmpty(detailsBin))
        {
            return null;
        }

        try
        {
            var base64 = detailsBin.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            return Google.Rpc.Status.Parser.ParseFrom(Convert.FromBase64String(base64));
        }
        catch (Exception ex) when (ex is FormatException or InvalidProtocolBufferException)
        {
            return null;
        }
    }

    private static Task WriteErrorAsync(HttpContext context, Google.Rpc.Status status) =>
        WriteErrorAsync(context, ErrorMapping.ToHttpStatus((StatusCode)status.Code), status);

    /// <summary>Connect's error JSON (for either codec, as the protocol says), with the gRPC status' message and details.</summary>
    private static Task WriteErrorAsync(HttpContext context, int httpStatus, Google.Rpc.Status status)
    {
        var response = context.Response;
        response.StatusCode = httpStatus;
        response.ContentType = "application/json";
        response.ContentLength = null;
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteString("code", CodeName((StatusCode)status.Code));
            json.WriteString("message", status.Message);
            json.WriteStartArray("details");
            foreach (var detail in status.Details)
            {
                json.WriteStartObject();
                json.WriteString("type", detail.TypeUrl[(detail.TypeUrl.LastIndexOf('/') + 1)..]);
                json.WriteString("value", Convert.ToBase64String(detail.Value.Span).TrimEnd('='));
                if (detail.TryUnpack<Zitadel.V1.ErrorDetail>(out var known))
                {
                    json.WritePropertyName("debug");
                    json.WriteRawValue(Compact(Formatter.Format(known)));
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return response.Body.WriteAsync(stream.ToArray(), context.RequestAborted).AsTask();
    }

    /// <summary>Connect's name of a gRPC status code.</summary>
    public static string CodeName(StatusCode code) => code switch
    {
        StatusCode.Cancelled => "canceled",
        StatusCode.InvalidArgument => "invalid_argument",
        StatusCode.DeadlineExceeded => "deadline_exceeded",
        StatusCode.NotFound => "not_found",
        StatusCode.AlreadyExists => "already_exists",
        StatusCode.PermissionDenied => "permission_denied",
        StatusCode.ResourceExhausted => "resource_exhausted",
        StatusCode.FailedPrecondition => "failed_precondition",
        StatusCode.Aborted => "aborted",
        StatusCode.OutOfRange => "out_of_range",
        StatusCode.Unimplemented => "unimplemented",
        StatusCode.Internal => "internal",
        StatusCode.Unavailable => "unavailable",
        StatusCode.DataLoss => "data_loss",
        StatusCode.Unauthenticated => "unauthenticated",
        _ => "unknown",
    };
}
