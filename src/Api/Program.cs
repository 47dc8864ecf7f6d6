using Identity.Api.Composition;
using Identity.Api.Rest;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddIdentityModule(builder.Configuration);
builder.Services.AddIdentityApiDocs();

var app = builder.Build();
app.MapIdentityModule();
app.MapIdentityApiDocs();
app.MapFallback(context => RestErrorMiddleware.WriteAsync(context, StatusCodes.Status404NotFound));
await app.RunAsync().ConfigureAwait(false);

/// <summary>The standalone host; also the entry point of the API tests.</summary>
public partial class Program;
