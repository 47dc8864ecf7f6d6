using System.Reflection;
using FluentValidation;
using Identity.Api.Composition;
using Identity.Api.Grpc;
using Identity.Application.Common;
using MediatR;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Identity.Application.Users.SetInitialPassword;

namespace Identity.Architecture.Tests;

/// <summary>Conventions that keep a use case easy to find and safe to add.</summary>
public sealed class ConventionTests
{
    private static readonly Assembly Application = typeof(RequestContext).Assembly;

    private static IEnumerable<Type> Requests => Application.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IRequest<>)));

    [Fact]
    public void There_are_requests_to_check() => Assert.True(Requests.Count() >= 5);

    [Fact]
    public void Every_request_declares_the_permission_it_needs()
    {
        var missing = Requests.Where(t => !typeof(IAuthorizedRequest).IsAssignableFrom(t)).Select(t => t.Name).ToList();
        Assert.Empty(missing);
        Assert.False(typeof(IAuthorizedRequest).IsAssignableFrom(typeof(LayerTests)));
    }

    /// <summary>
    /// The no-escalation-through-the-target rule cannot be forgotten: every command says whether it acts on
    /// an existing user (<see cref="ITargetsUser"/>, checked by the target behaviour) or on none
    /// (<see cref="ITargetsNoUser"/>), never both and never neither.
    /// </summary>
    [Fact]
    public void Every_command_declares_whether_it_targets_a_user()
    {
        var commands = Requests.Where(t => t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ICommand<>))).ToList();
        Assert.True(commands.Count >= 8);
        var undeclared = commands.Where(t => typeof(ITargetsUser).IsAssignableFrom(t) == typeof(ITargetsNoUser).IsAssignableFrom(t)).Select(t => t.Name).ToList();
        Assert.Empty(undeclared);
    }

    /// <summary>
    /// A command that names a user by id and declares no target must say why here; a new one fails until
    /// someone decides whether the target rule applies to it.
    /// </summary>
    [Fact]
    public void Commands_that_name_a_user_and_declare_no_target_are_the_known_ones()
    {
        string[] known =
        [
            "AddOrgMemberCommand", "AddMachineUserCommand", // grants roles (owners only); chooses the id of a new user
            // sign-in: the user proves itself with its password, and no power passes to the caller (a session
            // token is no API credential); only session.write at instance level (IAM_OWNER) or the system sends them
            "CheckPasswordCommand", "CreateSessionCommand", "SetSessionCommand",
        ];
        var naming = Requests
            .Where(t => typeof(ITargetsNoUser).IsAssignableFrom(t) && t.GetProperties().Any(p =>
                (p.Name is "UserId" or "Id" or "LoginName" && p.PropertyType == typeof(string)) || p.PropertyType == typeof(Identity.Application.Sessions.UserCheckInput)))
            .Select(t => t.Name)
            .Order(StringComparer.Ordinal);
        Assert.Equal(known.Order(StringComparer.Ordinal), naming);
    }

    [Fact]
    public void The_target_behaviour_runs_after_validation_and_inside_authorization() =>
        Assert.True(
            MediatorRegistration.BehaviourOrder.ToList().IndexOf(typeof(Identity.Application.Common.Behaviours.TargetUserBehaviour<,>))
            > MediatorRegistration.BehaviourOrder.ToList().IndexOf(typeof(Identity.Application.Common.Behaviours.ValidationBehaviour<,>)));

    [Fact]
    public void Every_request_has_exactly_one_handler_in_its_own_folder()
    {
        foreach (var request in Requests)
        {
            var response = request.GetInterfaces().Single(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IRequest<>)).GetGenericArguments()[0];
            var handlerContract = typeof(IRequestHandler<,>).MakeGenericType(request, response);
            var handlers = Application.GetTypes().Where(handlerContract.IsAssignableFrom).ToList();
            var handler = Assert.Single(handlers);
            Assert.Equal(request.Namespace, handler.Namespace);
        }
    }

    [Fact]
    public void Validators_live_beside_their_request()
    {
        var validators = Application.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && t.BaseType is { IsGenericType: true } b && b.GetGenericTypeDefinition() == typeof(AbstractValidator<>))
            .ToList();
        Assert.NotEmpty(validators);
        Assert.All(validators, v => Assert.Equal(v.BaseType!.GetGenericArguments()[0].Namespace, v.Namespace));
    }

    [Fact]
    public void Commands_with_a_password_never_print_it()
    {
        var withSecrets = Requests.Where(t => t.GetProperty("Password") is not null).ToList();
        Assert.NotEmpty(withSecrets);
        foreach (var type in withSecrets)
        {
            var overridden = type.GetMethod(nameof(ToString), Type.EmptyTypes)!;
            Assert.True(overridden.DeclaringType == type, $"{type.Name} must override ToString so that its password is never printed");
        }
    }

    [Fact]
    public void Every_request_that_carries_a_password_goes_through_the_password_call_gate()
    {
        var withPassword = Requests.Where(t => t.GetProperty("Password") is not null).ToList();
        Assert.NotEmpty(withPassword);
        var ungated = withPassword.Where(t => !typeof(IPasswordRequest).IsAssignableFrom(t) && !typeof(IChecksPassword).IsAssignableFrom(t)).Select(t => t.Name).ToList();
        Assert.Empty(ungated);

        // A request that verifies a password does so through the PasswordChecker (hashing slot, budgets, dummy hash).
        var checkers = Requests.Where(typeof(IChecksPassword).IsAssignableFrom).ToList();
        Assert.Equal(4, checkers.Count);
        foreach (var request in checkers)
        {
            var handler = typeof(IChecksPassword).Assembly.GetTypes().Single(t => t.GetInterfaces().Any(i =>
                i.IsGenericType && i.GetGenericTypeDefinition() == typeof(MediatR.IRequestHandler<,>) && i.GetGenericArguments()[0] == request));
            var dependencies = handler.GetConstructors().Single().GetParameters().Select(p => p.ParameterType).ToList();
            Assert.True(
                dependencies.Contains(typeof(Identity.Application.Sessions.PasswordChecker)) || dependencies.Contains(typeof(Identity.Application.Sessions.SessionChecks)),
                $"{handler.Name} must verify through PasswordChecker");
        }
        Assert.False(typeof(IPasswordRequest).IsAssignableFrom(typeof(Identity.Application.Users.GetUserById.GetUserByIdQuery)));
    }

    /// <summary>The gRPC services only translate: their one dependency is the request's scope of the module (whose mediator they call).</summary>
    [Theory]
    [InlineData(typeof(ManagementGrpcService))]
    [InlineData(typeof(UserV2GrpcService))]
    [InlineData(typeof(SessionGrpcService))]
    public void The_grpc_service_only_depends_on_the_modules_request_scope(Type service)
    {
        var parameters = service.GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance).Single().GetParameters().Select(p => p.ParameterType).ToList();
        Assert.Equal([typeof(ModuleRequestScope)], parameters);
    }

    /// <summary>
    /// The pipeline that really runs: the behaviours the module's own container gives MediatR for a
    /// command (MediatR runs the first one outermost), built exactly as AddIdentityModule builds it.
    /// </summary>
    [Fact]
    public async Task Behaviours_run_in_the_documented_order()
    {
        var host = new ServiceCollection().AddLogging()
            .AddIdentityModule(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>()).Build())
            .BuildServiceProvider();
        await using (host.ConfigureAwait(false))
        {
            var module = host.GetRequiredService<IdentityModuleServices>();
            await using var scope = module.CreateScope();
            var behaviours = scope.ServiceProvider.GetServices<IPipelineBehavior<SetInitialPasswordCommand, ObjectDetailsDto>>().Select(b => b.GetType().Name);

            Assert.Equal(
                ["TenantResolutionBehaviour`2", "AuthorizationBehaviour`2", "ValidationBehaviour`2", "TargetUserBehaviour`2", "PasswordCallBehaviour`2", "UnitOfWorkBehaviour`2"],
                behaviours);
            Assert.Equal(MediatorRegistration.BehaviourOrder.Select(t => t.Name), behaviours);
            Assert.Empty(host.GetServices<IPipelineBehavior<SetInitialPasswordCommand, ObjectDetailsDto>>());
        }
    }

    /// <summary>
    /// The Application's public surface is what another module uses: the facade, the requests and every
    /// type their signatures reach (DTOs, results, inputs, enums), and the integration events. Handlers,
    /// validators, behaviours, ports and the request context are internal, so no one skips the pipeline.
    /// </summary>
    [Fact]
    public void Only_the_facade_requests_their_types_and_events_are_public()
    {
        var allowed = new HashSet<Type> { typeof(Identity.Application.IIdentityModule), typeof(Identity.Application.ModuleCaller) };
        foreach (var request in Application.GetExportedTypes().Where(t => t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IRequest<>))))
        {
            Reach(request, allowed);
        }

        var exported = Application.GetExportedTypes().Where(t => t.Namespace != "Identity.Application.Events").ToList();
        Assert.Empty(exported.Where(t => !allowed.Contains(t) && !(t.IsGenericType && allowed.Contains(t.GetGenericTypeDefinition()))).Select(t => t.FullName));
        Assert.Contains(typeof(Identity.Application.Events.IntegrationEvent), Application.GetExportedTypes());
        Assert.DoesNotContain(typeof(RequestContext), Application.GetExportedTypes());
    }

    [Fact]
    public void The_infrastructure_exports_no_implementation_of_a_port()
    {
        var ports = Application.GetTypes().Where(t => t.IsInterface && t.Namespace == "Identity.Application.Abstractions").ToList();
        Assert.NotEmpty(ports);
        Assert.All(ports, p => Assert.False(p.IsPublic, p.Name));
        var infrastructure = typeof(Identity.Infrastructure.DependencyInjection).Assembly;
        Assert.Empty(infrastructure.GetExportedTypes().Where(t => t.GetInterfaces().Any(ports.Contains)).Select(t => t.Name));
    }

    /// <summary>Adds <paramref name="type"/> and, for the module's own types, every type its public signature reaches.</summary>
    private static void Reach(Type type, HashSet<Type> seen)
    {
        if (type.IsGenericType && !type.IsGenericTypeDefinition)
        {
            foreach (var argument in type.GetGenericArguments())
            {
                Reach(argument, seen);
            }

            type = type.GetGenericTypeDefinition();
        }

        if (type.Assembly != Application || !seen.Add(type))
        {
            return;
        }

        foreach (var contract in type.GetInterfaces().Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IRequest<>)))
        {
            Reach(contract.GetGenericArguments()[0], seen);
        }

        foreach (var property in type.GetProperties())
        {
            Reach(property.PropertyType, seen);
        }

        foreach (var nested in type.GetNestedTypes())
        {
            Reach(nested, seen);
        }

        // the cases of an abstract input (e.g. the filters of a list): a caller builds those
        foreach (var derived in type.IsAbstract && !type.IsInterface ? Application.GetExportedTypes().Where(t => t.BaseType == type) : [])
        {
            Reach(derived, seen);
        }
    }
}
