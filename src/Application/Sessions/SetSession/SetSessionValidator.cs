using FluentValidation;

namespace Identity.Application.Sessions.SetSession;

internal sealed class SetSessionValidator : AbstractValidator<SetSessionCommand>
{
    public SetSessionValidator()
    {
        RuleFor(c => c.SessionId).SessionId();
        RuleFor(c => c.User!).SetValidator(new UserCheckValidator()).When(c => c.User is not null);
        RuleFor(c => c.Password).PasswordCheck().When(c => c.Password is not null);
    }
}
