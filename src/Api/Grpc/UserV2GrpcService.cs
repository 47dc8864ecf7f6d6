using Grpc.Core;
using Identity.Api.Composition;
using Identity.Application.Users.GetUserV2;
using Identity.Application.Users.PasswordReset;
using Identity.Application.Users.SetPasswordV2;
using MediatR;
using Zitadel.User.V2;

namespace Identity.Api.Grpc;

/// <summary>
/// zitadel.user.v2.UserService for gRPC and, through JSON transcoding, REST (<c>/v2/users/...</c>). Each
/// method only translates the wire message, sends it through MediatR and translates the answer. The org a
/// call acts in is the org of the user it names (<c>x-zitadel-orgid</c> plays no role in v2).
/// </summary>
internal sealed class UserV2GrpcService(ModuleRequestScope module) : UserService.UserServiceBase
{
    /// <summary>The module's own mediator, in the request's module scope (the interceptors set its caller there).</summary>
    private IMediator Mediator => module.Services.GetRequiredService<IMediator>();

    public override async Task<GetUserByIDResponse> GetUserByID(GetUserByIDRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var user = await Mediator.Send(new GetUserV2Query(request.UserId), context.CancellationToken).ConfigureAwait(false);
        var proto = user.ToV2Proto();
        return new GetUserByIDResponse { Details = proto.Details.Clone(), User = proto };
    }

    public override async Task<SetPasswordResponse> SetPassword(SetPasswordRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var command = new SetPasswordV2Command(
            request.UserId,
            request.NewPassword?.Password_ ?? string.Empty,
            request.NewPassword?.ChangeRequired ?? false,
            request.VerificationCase == SetPasswordRequest.VerificationOneofCase.CurrentPassword ? request.CurrentPassword : null,
            request.VerificationCase == SetPasswordRequest.VerificationOneofCase.VerificationCode ? request.VerificationCode : null);
        var details = await Mediator.Send(command, context.CancellationToken).ConfigureAwait(false);
        return new SetPasswordResponse { Details = details.ToV2Proto() };
    }

    public override async Task<PasswordResetResponse> PasswordReset(PasswordResetRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var medium = request.MediumCase switch
        {
            PasswordResetRequest.MediumOneofCase.ReturnCode => PasswordResetMedium.ReturnCode,
            PasswordResetRequest.MediumOneofCase.SendLink when request.SendLink.NotificationType == NotificationType.Sms => PasswordResetMedium.Sms,
            _ => PasswordResetMedium.Email,
        };
        var urlTemplate = request.MediumCase == PasswordResetRequest.MediumOneofCase.SendLink && request.SendLink.HasUrlTemplate ? request.SendLink.UrlTemplate : null;
        var result = await Mediator.Send(new PasswordResetV2Command(request.UserId, medium, urlTemplate), context.CancellationToken).ConfigureAwait(false);
        var response = new PasswordResetResponse { Details = result.Details.ToV2Proto() };
        if (medium == PasswordResetMedium.ReturnCode && result.VerificationCode is { } code)
        {
            response.VerificationCode = code;
        }

        return response;
    }
}
