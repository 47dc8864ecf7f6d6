using FluentValidation;
using Identity.Application.Common;
using Identity.Domain.Common;
using Identity.Domain.Passwords;

namespace Identity.Application.Users.ImportHumanUser;

/// <summary>The shared user name, profile and email rules (<see cref="HumanUserInputValidator{T}"/>), then its own.</summary>
internal sealed class ImportHumanUserValidator : HumanUserInputValidator<ImportHumanUserCommand>
{
    public ImportHumanUserValidator()
    {
        When(c => c.Phone is not null && !string.IsNullOrEmpty(c.Phone.Phone), () =>
        {
            RuleFor(c => c.Phone!.Phone).Must(p => p.Length <= 50 && p.StartsWith('+'))
                .WithErrorCode(Errors.User.PhoneInvalid).WithMessage("phone.phone must start with + and be at most 50 characters").OverridePropertyName("phone.phone");
            RuleFor(c => c.Phone!.Phone).AllowedText("phone.phone");
        });
        When(c => !string.IsNullOrEmpty(c.Password), () =>
            RuleFor(c => c.Password).CodePoints(1, 72, Errors.User.PasswordLength, "password"));
        When(c => !string.IsNullOrEmpty(c.HashedPassword), () =>
        {
            RuleFor(c => c.Password).Must(string.IsNullOrEmpty)
                .WithErrorCode(Errors.User.PasswordAndHash).WithMessage("password and hashed_password cannot both be set").OverridePropertyName("password");
            RuleFor(c => c.HashedPassword).Must(BcryptHash.IsWellFormed)
                .WithErrorCode(Errors.User.HashFormatUnsupported)
                .WithMessage($"hashed_password.value is not in a supported format; supported: {BcryptHash.SupportedFormats}")
                .OverridePropertyName("hashed_password.value");
        });
        RuleForEach(c => c.UnsupportedFields)
            .Must(_ => false).WithErrorCode(Errors.User.ImportUnsupported).WithMessage((_, field) => $"{field} is not supported by this service")
            .OverridePropertyName("unsupported");
    }
}
