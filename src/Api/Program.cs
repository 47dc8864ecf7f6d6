using Identity.Api.Composition;
using Identity.Api.Rest;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddIdentityModule(builder.Configuration);

var app = builder.Build();
app.MapIdentityModule();
app.MapFallback(context => RestErrorMiddleware.WriteAsync(context, StatusCodes.Status404NotFound));
await app.RunAsync().ConfigureAwait(false);

/// <summary>The standalone host; also the entry point of the API tests.</summary>
public partial class Program;
