using FluentValidation;
using Identity.Application.Common;
using Identity.Domain.Common;

namespace Identity.Application.Users.GetUserByLoginNameGlobal;

internal sealed class GetUserByLoginNameGlobalValidator : AbstractValidator<GetUserByLoginNameGlobalQuery>
{
    public GetUserByLoginNameGlobalValidator()
    {
        RuleFor(q => q.LoginName).CodePoints(1, 200, Errors.User.LoginNameInvalid, "login_name");
        RuleFor(q => q.LoginName).AllowedText("login_name");
    }
}
