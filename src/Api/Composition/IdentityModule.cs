using Google.Protobuf.Reflection;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Identity.Api.Connect;
using Identity.Api.Grpc;
using Identity.Api.OAuth;
using Identity.Api.Rest;
using Identity.Application.Common;
using Identity.Application;
using Identity.Infrastructure;

namespace Identity.Api.Composition;

/// <summary>The two calls a host makes to embed the module: <see cref="AddIdentityModule"/> and <see cref="MapIdentityModule"/>.</summary>
public static class IdentityModule
{
    /// <summary>REST paths of the module (v1 management and the v2 services); errors under them are kept in the contract's shape.</summary>
    public const string RestPrefix = "/management/";

    /// <summary>REST paths of the v2 services (<c>/v2/sessions</c>, <c>/v2/users</c>).</summary>
    public const string RestPrefixV2 = "/v2/";

    /// <summary>Liveness: the process answers (no dependency is checked).</summary>
    public const string LivenessPath = "/debug/healthz";

    /// <summary>Readiness: the database can be reached.</summary>
    public const string ReadinessPath = "/debug/ready";

    private const string ReadyTag = "identity-ready";

    /// <summary>The module's CORS policy (with <c>Identity:Cors:AllowedOrigins</c>), applied to the module's paths only.</summary>
    public const string CorsPolicyName = "IdentityModule";

    /// <summary>Request headers a browser may send: the bearer token, the org, and those of gRPC-Web and Connect clients.</summary>
    internal static readonly string[] CorsAllowedHeaders =
    [
        "authorization", "content-type", AuthenticationInterceptor.OrgIdHeader, "x-grpc-web", "x-user-agent", "grpc-timeout",
        "connect-protocol-version", "connect-timeout-ms",
    ];

    /// <summary>Response headers a browser may read: the gRPC(-Web) status and the wait of a throttled call.</summary>
    internal static readonly string[] CorsExposedHeaders = ["grpc-status", "grpc-message", "grpc-status-details-bin", "retry-after"];

    /// <summary>The gRPC services the module maps; all are also served as gRPC-Web, the v2 ones also over Connect.</summary>
    internal static readonly Google.Protobuf.Reflection.ServiceDescriptor[] GrpcServices =
    [
        Zitadel.Management.V1.ManagementService.Descriptor,
        Zitadel.Session.V2.SessionService.Descriptor,
        Zitadel.User.V2.UserService.Descriptor,
    ];

    /// <summary>The services served over Connect (as upstream: the v2 services).</summary>
    internal static readonly Google.Protobuf.Reflection.ServiceDescriptor[] ConnectServices = [.. GrpcServices.Where(s => s.FullName.Contains(".v2.", StringComparison.Ordinal))];

    /// <summary>
    /// Registers the module. Its internals (MediatR and its pipeline, handlers, repositories, the
    /// DbContext, its clock and password-call gate) go into the module's own container
    /// (<see cref="IdentityModuleServices"/>); the host's container only gets what a host meets: the
    /// <see cref="IIdentityModule"/> facade, the gRPC services (also served as REST), a readiness check
    /// tagged <c>identity-ready</c>, the start-up service, and the server-wide request body limit.
    /// </summary>
    public static IServiceCollection AddIdentityModule(this IServiceCollection services, IConfiguration configuration) =>
        services.AddIdentityModule(configuration, _ => { });

    /// <param name="services">The host's services.</param>
    /// <param name="configuration">The host's configuration (section <c>Identity</c>).</param>
    /// <param name="configureModule">Changes to the module's own container after its registrations (the benchmark replaces the hasher).</param>
    internal static IServiceCollection AddIdentityModule(this IServiceCollection services, IConfiguration configuration, Action<IServiceCollection> configureModule)
    {
        var options = IdentityOptions.Load(configuration);
        var module = new ServiceCollection();
        module.AddSingleton(options);
        module.AddSingleton<TimeProvider>(new StorageClock(TimeProvider.System));
        module.AddSingleton(new InstanceSettings(options.Instance.Domain));
        module.AddSingleton(new PasswordRulesSettings(
            options.Passwords.DefaultPolicy.ToPolicy(),
            options.Passwords.RefuseCommonPasswords,
            options.Passwords.RefusePersonalInformation)
        {
            MinStrengthScore = options.Passwords.MinStrengthScore,
            DefaultLockoutPolicy = options.Passwords.Lockout.ToPolicy(),
            DefaultPasswordAgePolicy = options.Passwords.Age.ToPolicy(),
            ResetCodeLifetime = options.Passwords.ResetCodeLifetime,
            HistoryDepth = options.Passwords.HistoryDepth,
            InitialPasswordLifetime = options.Passwords.InitialPasswordLifetime,
        });
        module.AddSingleton(new Identity.Domain.Users.MetadataLimits(options.Limits.MetadataKeysPerUser, options.Limits.MetadataBytesPerUser));
        module.AddSingleton(options.Notifications.ToSettings());
        module.AddIdentityApplication();
        module.AddIdentityInfrastructure(options.ToInfrastructureSettings());
        module.AddSingleton<IHostedService, Identity.Infrastructure.Notifications.PasswordResetEmailNotifier>();
        module.AddPasswordCallLimits(options.Limits);
        module.AddSignInThrottle(options.Limits);
        module.AddSingleton<OAuthAccessTokenReader>();
        module.AddSingleton<Identity.Application.Access.IOAuthAccessTokenReader>(sp => sp.GetRequiredService<OAuthAccessTokenReader>());
        configureModule(module);

        services.AddSingleton(options);
        services.AddSingleton(host => new IdentityModuleServices(module, host));
        services.AddSingleton<IIdentityModule, IdentityModuleFacade>();
        services.AddScoped<ModuleRequestScope>();
        // The interceptors belong to the module's service only: the gRPC health service (and any
        // service of an embedding host) is not behind the bearer token.
        services.AddGrpc()
            .AddServiceOptions<ManagementGrpcService>(ModuleServiceOptions)
            .AddServiceOptions<SessionGrpcService>(ModuleServiceOptions)
            .AddServiceOptions<UserV2GrpcService>(ModuleServiceOptions)
            .AddJsonTranscoding(o =>
            {
                // Proto JSON as ZITADEL's gateway writes it: 64-bit integers as strings, zero values omitted.
                o.JsonSettings.WriteInt64sAsStrings = true;
                o.JsonSettings.IgnoreDefaultValues = true;
                o.TypeRegistry = TypeRegistry.FromMessages(Zitadel.V1.ErrorDetail.Descriptor);
            });
        void ModuleServiceOptions(global::Grpc.AspNetCore.Server.GrpcServiceOptions o)
        {
            o.Interceptors.Add<ErrorInterceptor>();
            o.Interceptors.Add<AuthenticationInterceptor>();
            o.MaxReceiveMessageSize = options.Limits.MaxRequestBodyBytes;
        }

        // Server-wide: every path and spelling; gRPC calls lift it and apply MaxReceiveMessageSize instead.
        services.Configure<KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = options.Limits.MaxRequestBodyBytes);
        services.AddHealthChecks().AddCheck<DatabaseReadinessCheck>("identity-database", tags: [ReadyTag]);
        services.AddGrpcHealthChecks();
        services.AddHostedService<IdentityStartup>();
        services.AddIdentityOAuth(options);
        if (options.Cors.IsEnabled)
        {
            services.AddCors(o => o.AddPolicy(CorsPolicyName, policy => ConfigureCors(policy, options.Cors)));
        }

        return services;
    }

    public static WebApplication MapIdentityModule(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Services.GetRequiredService<IdentityOptions>();
        var maxBody = options.Limits.MaxRequestBodyBytes;
        if (options.Cors.IsEnabled)
        {
            // By path, so that the policy answers preflights of every module route (the OAuth endpoints included) and
            // touches no other endpoint of the host.
            app.UseWhen(c => IsModulePath(c.Request.Path) || OAuthServer.IsOAuthPath(c.Request.Path), branch => branch.UseCors(CorsPolicyName));
        }

        var connect = new ConnectUnaryAdapter(ConnectServices, maxBody);
        app.UseWhen(c => connect.Handles(c.Request), branch => branch.Use(connect.InvokeAsync));
        app.Use((context, next) => RefuseLargeBody(context, next, maxBody));

        // OpenIddict's server is an authentication handler: it answers the token, keys and discovery endpoints from the
        // authentication middleware of this branch (after CORS and the body limit), and nowhere else.
        app.UseWhen(c => OAuthServer.IsOAuthPath(c.Request.Path), branch =>
        {
            branch.Use((context, next) => ReadBodyWithinLimit(context, next, maxBody));
            branch.Use(OAuthServer.MarkModuleBranch);
            branch.UseAuthentication();
        });
        app.UseWhen(c => IsRestPath(c.Request.Path), branch =>
        {
            branch.UseMiddleware<RestErrorMiddleware>();
            branch.Use((context, next) => ReadBodyWithinLimit(context, next, maxBody));
            branch.Use(BodyIsJson);
        });
        app.UseWhen(IsRestCreateSession, branch => branch.Use(AnswerCreated));

        // gRPC-Web (binary and text) on the module's services only (the endpoints that opt in).
        app.UseGrpcWeb();
        app.MapGrpcService<ManagementGrpcService>().EnableGrpcWeb();
        app.MapGrpcService<SessionGrpcService>().EnableGrpcWeb();
        app.MapGrpcService<UserV2GrpcService>().EnableGrpcWeb();
        app.MapPost(OAuthServer.IntrospectionPath, OAuthIntrospection.HandleAsync).DisableAntiforgery();
        app.MapGrpcHealthChecksService();
        app.MapHealthChecks(LivenessPath, new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks(ReadinessPath, new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag) });
        return app;
    }

    /// <summary>The module's REST paths, in any letter case (routing matches them case-insensitively).</summary>
    public static bool IsRestPath(PathString path) =>
        path.StartsWithSegments(RestPrefix.TrimEnd('/'), StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments(RestPrefixV2.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);

    /// <summary>The module's paths: REST (v1 and v2) and its gRPC services (native, gRPC-Web and Connect).</summary>
    public static bool IsModulePath(PathString path) =>
        IsRestPath(path) || GrpcServices.Any(s => path.StartsWithSegments("/" + s.FullName, StringComparison.Ordinal));

    private static void ConfigureCors(Microsoft.AspNetCore.Cors.Infrastructure.CorsPolicyBuilder policy, IdentityOptions.CorsOptions cors)
    {
        if (cors.AllowsAnyOrigin)
        {
            policy.AllowAnyOrigin();
        }
        else
        {
            policy.WithOrigins([.. cors.AllowedOrigins]);
        }

        policy.WithMethods(HttpMethods.Get, HttpMethods.Post, HttpMethods.Put, HttpMethods.Patch, HttpMethods.Delete)
            .WithHeaders(CorsAllowedHeaders)
            .WithExposedHeaders(CorsExposedHeaders)
            .SetPreflightMaxAge(cors.PreflightMaxAge);
    }

    /// <summary>REST CreateSession (<c>POST /v2/sessions</c>): upstream answers it 201 Created.</summary>
    private static bool IsRestCreateSession(HttpContext context) =>
        HttpMethods.IsPost(context.Request.Method)
        && !RestErrorMiddleware.IsGrpc(context.Request)
        && context.Request.Path.Value?.TrimEnd('/') is { } path
        && path.Equals("/v2/sessions", StringComparison.OrdinalIgnoreCase);

    private static Task AnswerCreated(HttpContext context, RequestDelegate next)
    {
        context.Response.OnStarting(() =>
        {
            if (context.Response.StatusCode == StatusCodes.Status200OK)
            {
                context.Response.StatusCode = StatusCodes.Status201Created;
            }

            return Task.CompletedTask;
        });
        return next(context);
    }

    /// <summary>
    /// REST bodies as ZITADEL's gateway reads them: whatever the content type (none, <c>curl -d</c>'s form type,
    /// <c>text/plain</c>), the body is read as JSON, and a request without a body
    /// (<c>curl -X POST http://host/management/v1/users/1/_lock</c>) is read as <c>{}</c>. A body that is not
    /// JSON still answers 400 <c>API-InvalidRequest</c> in the contract's shape.
    /// </summary>
    private static Task BodyIsJson(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || RestErrorMiddleware.IsGrpc(request))
        {
            return next(context);
        }

        var empty = request.ContentLength == 0 || (request.ContentLength is null && request.Body is MemoryStream { Length: 0 });
        if (empty)
        {
            request.Body = new MemoryStream("{}"u8.ToArray(), writable: false);
            request.ContentLength = 2;
        }

        if (!IsJson(request.ContentType))
        {
            request.ContentType = "application/json";
        }

        return next(context);
    }

    /// <summary><c>application/json</c> or a <c>+json</c> type, with any parameters (the charset is read by transcoding).</summary>
    private static bool IsJson(string? contentType) =>
        System.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var parsed)
        && parsed.MediaType is { } type
        && (type.Equals("application/json", StringComparison.OrdinalIgnoreCase) || type.EndsWith("+json", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Any non-gRPC request that announces a body above the limit answers 413 at once, on every path;
    /// a body without a length is cut off by Kestrel's server-wide limit while it is read.
    /// </summary>
    private static Task RefuseLargeBody(HttpContext context, RequestDelegate next, long maxBody) =>
        context.Request.ContentLength > maxBody && !RestErrorMiddleware.IsGrpc(context.Request)
            ? RestErrorMiddleware.WriteAsync(context, StatusCodes.Status413PayloadTooLarge)
            : next(context);

    /// <summary>
    /// A REST body of unknown length (chunked) is read here, at most <paramref name="maxBody"/> bytes, so
    /// that a body cut off by the limit (Kestrel's or this one) answers 413 in the contract's shape rather
    /// than as the JSON error of whatever read it next. Transcoding holds the whole body in memory anyway.
    /// </summary>
    private static async Task ReadBodyWithinLimit(HttpContext context, RequestDelegate next, long maxBody)
    {
        var request = context.Request;
        if (request.ContentLength is not null || RestErrorMiddleware.IsGrpc(request) || HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        using var body = new MemoryStream();
        try
        {
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
            {
                if (body.Length + read > maxBody)
                {
                    await RestErrorMiddleware.WriteAsync(context, StatusCodes.Status413PayloadTooLarge).ConfigureAwait(false);
                    return;
                }

                body.Write(chunk, 0, read);
            }
        }
        catch (Microsoft.AspNetCore.Http.BadHttpRequestException ex)
        {
            await RestErrorMiddleware.WriteAsync(context, ex.StatusCode).ConfigureAwait(false);
            return;
        }

        body.Position = 0;
        request.Body = body;
        await next(context).ConfigureAwait(false);
    }
}
