using Google.Protobuf.Reflection;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Identity.Api.Grpc;
using Identity.Api.Rest;
using Identity.Application.Common;
using Identity.Infrastructure;

namespace Identity.Api.Composition;

/// <summary>The two calls a host makes to embed the module: <see cref="AddIdentityModule"/> and <see cref="MapIdentityModule"/>.</summary>
public static class IdentityModule
{
    /// <summary>REST paths of the module; errors under them are kept in the contract's shape.</summary>
    public const string RestPrefix = "/management/";

    /// <summary>Liveness: the process answers (no dependency is checked).</summary>
    public const string LivenessPath = "/debug/healthz";

    /// <summary>Readiness: the database can be reached.</summary>
    public const string ReadinessPath = "/debug/ready";

    private const string ReadyTag = "ready";

    public static IServiceCollection AddIdentityModule(this IServiceCollection services, IConfiguration configuration)
    {
        var options = IdentityOptions.Load(configuration);
        services.AddSingleton(options);
        services.AddSingleton<TimeProvider>(new StorageClock(TimeProvider.System));
        services.AddSingleton(new InstanceSettings(options.Instance.Domain));
        services.AddSingleton(new PasswordRulesSettings(
            options.Passwords.DefaultPolicy.ToPolicy(),
            options.Passwords.RefuseCommonPasswords,
            options.Passwords.RefusePersonalInformation) { MinStrengthScore = options.Passwords.MinStrengthScore });
        services.AddIdentityApplication();
        services.AddIdentityInfrastructure(options.ToInfrastructureSettings());
        // The interceptors belong to the module's service only: the gRPC health service (and any
        // service of an embedding host) is not behind the bearer token.
        services.AddGrpc()
            .AddServiceOptions<ManagementGrpcService>(o =>
            {
                o.Interceptors.Add<ErrorInterceptor>();
                o.Interceptors.Add<AuthenticationInterceptor>();
                o.MaxReceiveMessageSize = options.Limits.MaxRequestBodyBytes;
            })
            .AddJsonTranscoding(o =>
            {
                o.JsonSettings.WriteInt64sAsStrings = true;
                o.TypeRegistry = TypeRegistry.FromMessages(Zitadel.V1.ErrorDetail.Descriptor);
            });
        services.AddPasswordCallLimits(options.Limits);
        services.AddHealthChecks().AddCheck<DatabaseReadinessCheck>("database", tags: [ReadyTag]);
        services.AddGrpcHealthChecks();
        services.AddHostedService<IdentityStartup>();
        return services;
    }

    public static WebApplication MapIdentityModule(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var maxBody = app.Services.GetRequiredService<IdentityOptions>().Limits.MaxRequestBodyBytes;
        app.UseWhen(c => c.Request.Path.StartsWithSegments(RestPrefix.TrimEnd('/'), StringComparison.Ordinal), branch =>
        {
            branch.UseMiddleware<RestErrorMiddleware>();
            branch.Use((context, next) => LimitBody(context, next, maxBody));
        });
        app.UseRateLimiter();
        app.MapGrpcService<ManagementGrpcService>();
        app.MapGrpcHealthChecksService();
        app.MapHealthChecks(LivenessPath, new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks(ReadinessPath, new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag) });
        return app;
    }

    /// <summary>REST bodies above the limit answer 413 before anything reads them (gRPC has its own message limit).</summary>
    private static Task LimitBody(HttpContext context, RequestDelegate next, long maxBody)
    {
        if (context.Request.ContentLength > maxBody)
        {
            return RestErrorMiddleware.WriteAsync(context, StatusCodes.Status413PayloadTooLarge);
        }

        if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = maxBody;
        }

        return next(context);
    }
}
