using FluentValidation;
using Identity.Application.Common;
using Identity.Application.Common.Behaviours;
using MediatR;

namespace Identity.Api.Composition;

/// <summary>
/// MediatR 5 set up by hand (its DI package is not used): the mediator, every handler and validator of
/// the Application assembly, and the pipeline behaviours in their fixed order, outermost first.
/// </summary>
public static class MediatorRegistration
{
    /// <summary>
    /// Outermost first: tenant, authorization, validation, target user, password-call admission, unit of
    /// work; then the handler. Admission comes after the checks (only valid, authorized calls on a target
    /// the caller may act on wait for a hashing slot) and before the unit of work (a refused call writes nothing).
    /// </summary>
    public static IReadOnlyList<Type> BehaviourOrder { get; } =
    [
        typeof(TenantResolutionBehaviour<,>),
        typeof(AuthorizationBehaviour<,>),
        typeof(ValidationBehaviour<,>),
        typeof(TargetUserBehaviour<,>),
        typeof(PasswordCallBehaviour<,>),
        typeof(UnitOfWorkBehaviour<,>),
    ];

    public static IServiceCollection AddIdentityApplication(this IServiceCollection services)
    {
        services.AddScoped<ServiceFactory>(sp => sp.GetRequiredService);
        services.AddScoped<IMediator, Mediator>();
        foreach (var behaviour in BehaviourOrder)
        {
            services.AddScoped(typeof(IPipelineBehavior<,>), behaviour);
        }

        var assembly = typeof(RequestContext).Assembly;
        foreach (var type in assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false }))
        {
            foreach (var contract in type.GetInterfaces().Where(i => i.IsGenericType))
            {
                var definition = contract.GetGenericTypeDefinition();
                if (definition == typeof(IRequestHandler<,>) || definition == typeof(IValidator<>))
                {
                    services.AddScoped(contract, type);
                }
            }
        }

        services.AddScoped<RequestContext>();
        services.AddScoped<RequestPasswordHasher>();
        services.AddScoped<Identity.Application.Access.TokenAuthenticator>();
        services.AddScoped<Identity.Application.Access.OAuthTokenAuthenticator>();
        services.AddScoped<Identity.Application.Access.MachineCredentialVerifier>();
        services.AddSingleton<PasswordRules>();
        services.AddSingleton<Identity.Application.Sessions.DummyPasswordHash>();
        services.AddScoped<Identity.Application.Sessions.PasswordChecker>();
        services.AddScoped<Identity.Application.Sessions.SessionChecks>();
        services.AddScoped<Identity.Application.Sessions.SessionReader>();
        services.AddScoped<Identity.Application.Users.PasswordReset.PasswordResetIssuer>();
        services.AddScoped<Identity.Application.Orgs.OrgMemberRules>();
        return services;
    }
}
