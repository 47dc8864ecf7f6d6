using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Identity.Domain.Common;
using ZitadelErrorDetail = Zitadel.V1.ErrorDetail;

namespace Identity.Api.Grpc;

/// <summary>The contract's error convention (docs/errors.md): a google.rpc.Status whose details hold one zitadel.v1.ErrorDetail per rule.</summary>
public static class ErrorMapping
{
    public static StatusCode ToStatusCode(ErrorKind kind) => kind switch
    {
        ErrorKind.InvalidArgument => StatusCode.InvalidArgument,
        ErrorKind.FailedPrecondition => StatusCode.FailedPrecondition,
        ErrorKind.NotFound => StatusCode.NotFound,
        ErrorKind.AlreadyExists => StatusCode.AlreadyExists,
        ErrorKind.PermissionDenied => StatusCode.PermissionDenied,
        ErrorKind.Unauthenticated => StatusCode.Unauthenticated,
        ErrorKind.Aborted => StatusCode.Aborted,
        ErrorKind.ResourceExhausted => StatusCode.ResourceExhausted,
        ErrorKind.Unavailable => StatusCode.Unavailable,
        ErrorKind.Unimplemented => StatusCode.Unimplemented,
        ErrorKind.Cancelled => StatusCode.Cancelled,
        _ => StatusCode.Internal,
    };

    /// <summary>gRPC code to HTTP status, as the contract lists it (docs/errors.md).</summary>
    public static int ToHttpStatus(StatusCode code) => code switch
    {
        StatusCode.OK => 200,
        StatusCode.InvalidArgument or StatusCode.FailedPrecondition or StatusCode.OutOfRange => 400,
        StatusCode.Unauthenticated => 401,
        StatusCode.PermissionDenied => 403,
        StatusCode.NotFound => 404,
        StatusCode.AlreadyExists or StatusCode.Aborted => 409,
        StatusCode.ResourceExhausted => 429,
        StatusCode.Cancelled => 499,
        StatusCode.Unimplemented => 501,
        StatusCode.Unavailable => 503,
        StatusCode.DeadlineExceeded => 504,
        _ => 500,
    };

    public static Google.Rpc.Status ToStatus(StatusCode code, ErrorDetail summary, IEnumerable<ErrorDetail>? details = null)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var status = new Google.Rpc.Status { Code = (int)code, Message = $"{summary.Message} ({summary.Id})" };
        status.Details.Add(Any.Pack(new ZitadelErrorDetail { Id = summary.Id, Message = summary.Message }));
        foreach (var detail in details ?? [])
        {
            if (detail != summary)
            {
                status.Details.Add(Any.Pack(new ZitadelErrorDetail { Id = detail.Id, Message = detail.Message }));
            }
        }

        return status;
    }

    public static RpcException ToRpcException(DomainException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return ToStatus(ToStatusCode(exception.Kind), exception.Summary, exception.Details).ToRpcException();
    }

    /// <summary>The catalogue entry <paramref name="code"/> with its kind's status code.</summary>
    public static RpcException Error(ErrorCode code, string message)
    {
        ArgumentNullException.ThrowIfNull(code);
        return ToStatus(ToStatusCode(code.Kind), code.Detail(message)).ToRpcException();
    }
}
