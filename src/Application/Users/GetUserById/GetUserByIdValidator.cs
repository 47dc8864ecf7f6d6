using FluentValidation;
using Identity.Application.Common;

namespace Identity.Application.Users.GetUserById;

internal sealed class GetUserByIdValidator : AbstractValidator<GetUserByIdQuery>
{
    public GetUserByIdValidator()
    {
        RuleFor(q => q.Id).CodePoints(1, 200, "USER-UserIdInvalid", "id");
        RuleFor(q => q.Id).AllowedText("id");
    }
}
