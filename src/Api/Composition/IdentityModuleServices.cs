namespace Identity.Api.Composition;

/// <summary>
/// The module's own service provider: MediatR, the pipeline behaviours, handlers, validators,
/// repositories, the DbContext, the module's clock and password-call gate live here and nowhere in the
/// host's container, so a host with its own MediatR, TimeProvider, rate limiter or health checks is
/// unaffected. Built on first use from the registrations <see cref="IdentityModule.AddIdentityModule"/>
/// collected; only the host's logging is shared. The host's container holds this object (a singleton)
/// and disposes it, and the module's provider with it, when the host stops.
/// </summary>
internal sealed class IdentityModuleServices(IServiceCollection registrations, IServiceProvider host) : IAsyncDisposable, IDisposable
{
    private readonly Lazy<ServiceProvider> _provider = new(() =>
    {
        registrations.AddSingleton(host.GetRequiredService<ILoggerFactory>());
        registrations.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        return registrations.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    });

    public IServiceProvider Provider => _provider.Value;

    public AsyncServiceScope CreateScope() => Provider.CreateAsyncScope();

    public ValueTask DisposeAsync() => _provider.IsValueCreated ? _provider.Value.DisposeAsync() : ValueTask.CompletedTask;

    /// <summary>For a host container disposed synchronously.</summary>
    public void Dispose()
    {
        if (_provider.IsValueCreated)
        {
            _provider.Value.Dispose();
        }
    }
}

/// <summary>
/// The module's services for one web request: one module scope per HTTP request (created when first
/// asked for, disposed with the request), shared by the interceptors and the gRPC service.
/// </summary>
internal sealed class ModuleRequestScope(IdentityModuleServices module) : IAsyncDisposable
{
    private AsyncServiceScope? _scope;

    public IServiceProvider Services => (_scope ??= module.CreateScope()).ServiceProvider;

    public ValueTask DisposeAsync() => _scope?.DisposeAsync() ?? ValueTask.CompletedTask;
}
