using Identity.Api.Composition;
using Identity.Api.Rest;

var builder = WebApplication.CreateBuilder(args);

// ASP.NET Core's "Request starting/finished" lines carry the full URL, query included, and GetSession takes
// the session token in the query (?sessionToken=, as upstream). Those lines are dropped at any configured
// level below Warning, so that no log line holds a session token.
builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
builder.Services.AddIdentityModule(builder.Configuration);
builder.Services.AddIdentityApiDocs();

var app = builder.Build();
app.MapIdentityModule();
app.MapIdentityApiDocs();
app.MapFallback(context => RestErrorMiddleware.WriteAsync(context, StatusCodes.Status404NotFound));
await app.RunAsync().ConfigureAwait(false);

/// <summary>The standalone host; also the entry point of the API tests.</summary>
public partial class Program;
