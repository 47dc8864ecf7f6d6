using Identity.Api.Composition;
using Identity.Application;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Identity.Consumer.Tests;

/// <summary>
/// One host with two modules: the shop (its own MediatR request, handler and behaviour, its own clock
/// and health check) and the Identity module, embedded with its two calls. Real Kestrel on a free
/// loopback port, SQLite in a temporary directory.
/// </summary>
public sealed class ShopHost : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "identity-consumer", Guid.NewGuid().ToString("N"));
    private WebApplication? _app;

    public WebApplication App => _app ?? throw new InvalidOperationException("Not started.");

    public IIdentityModule Identity => App.Services.GetRequiredService<IIdentityModule>();

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Identity:Database:ConnectionString"] = $"Data Source={Path.Combine(_directory, "identity.db")}",
            ["Identity:Bootstrap:TokenFile"] = Path.Combine(_directory, "admin.pat"),
            ["Identity:Passwords:HashIterations"] = "1000",
            ["Identity:Passwords:AllowWeakHashingForTests"] = "true",
        });

        // the shop module: its own MediatR (set up by hand, as MediatR 5 has no DI package here), clock, health check
        builder.Services.AddSingleton<TimeProvider>(new FrozenClock());
        builder.Services.AddSingleton<ShopAudit>();
        builder.Services.AddScoped<ServiceFactory>(sp => sp.GetRequiredService);
        builder.Services.AddScoped<IMediator, Mediator>();
        builder.Services.AddScoped(typeof(IPipelineBehavior<,>), typeof(ShopAuditBehaviour<,>));
        builder.Services.AddScoped<IRequestHandler<PlaceOrder, string>, PlaceOrderHandler>();
        builder.Services.AddHealthChecks().AddCheck("shop", () => HealthCheckResult.Healthy());

        // the Identity module
        builder.Services.AddIdentityModule(builder.Configuration);

        _app = builder.Build();
        _app.MapIdentityModule();
        await _app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
