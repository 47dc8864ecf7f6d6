using FluentValidation;

namespace Identity.Application.Sessions.GetSession;

internal sealed class GetSessionValidator : AbstractValidator<GetSessionQuery>
{
    public GetSessionValidator()
    {
        RuleFor(c => c.SessionId).SessionId();
        RuleFor(c => c.SessionToken).SessionToken().When(c => c.SessionToken is not null);
    }
}
