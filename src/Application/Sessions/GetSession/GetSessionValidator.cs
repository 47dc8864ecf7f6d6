using FluentValidation;
using Identity.Application.Common;
using Identity.Domain.Common;

namespace Identity.Application.Sessions.GetSession;

internal sealed class GetSessionValidator : AbstractValidator<GetSessionQuery>
{
    public GetSessionValidator()
    {
        RuleFor(c => c.SessionId).SessionId();
        RuleFor(c => c.SessionToken).CodePoints(1, 500, Errors.Session.IdInvalid, "session_token").When(c => c.SessionToken is not null);
    }
}
