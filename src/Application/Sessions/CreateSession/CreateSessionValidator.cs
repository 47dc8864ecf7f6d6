using FluentValidation;

namespace Identity.Application.Sessions.CreateSession;

internal sealed class CreateSessionValidator : AbstractValidator<CreateSessionCommand>
{
    public CreateSessionValidator()
    {
        RuleFor(c => c.User!).SetValidator(new UserCheckValidator()).When(c => c.User is not null);
        RuleFor(c => c.UserAgent!).SetValidator(new UserAgentValidator()).When(c => c.UserAgent is not null);
        RuleFor(c => c.Password).PasswordCheck().When(c => c.Password is not null);
    }
}
