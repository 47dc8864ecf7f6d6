using FluentValidation;

namespace Identity.Application.Sessions.DeleteSession;

internal sealed class DeleteSessionValidator : AbstractValidator<DeleteSessionCommand>
{
    public DeleteSessionValidator()
    {
        RuleFor(c => c.SessionId).SessionId();
        RuleFor(c => c.SessionToken).SessionToken().When(c => c.SessionToken is not null);
    }
}
