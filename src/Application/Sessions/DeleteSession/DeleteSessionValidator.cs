using FluentValidation;
using Identity.Application.Common;
using Identity.Domain.Common;

namespace Identity.Application.Sessions.DeleteSession;

internal sealed class DeleteSessionValidator : AbstractValidator<DeleteSessionCommand>
{
    public DeleteSessionValidator()
    {
        RuleFor(c => c.SessionId).SessionId();
        RuleFor(c => c.SessionToken).CodePoints(1, 500, Errors.Session.IdInvalid, "session_token").When(c => c.SessionToken is not null);
    }
}
