using Microsoft.OpenApi.Models;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Identity.Api.Composition;

/// <summary>
/// OpenAPI for the REST surface, generated from the same proto definitions that JSON transcoding
/// serves (Microsoft.AspNetCore.Grpc.Swagger): <c>/openapi/v1.json</c>, and Swagger UI at <c>/docs</c>.
/// The standalone host adds it; an embedding host may add it too.
/// </summary>
public static class ApiDocs
{
    public const string DocumentPath = "/openapi/v1.json";
    public const string UiPath = "docs";

    public static IServiceCollection AddIdentityApiDocs(this IServiceCollection services)
    {
        services.AddGrpcSwagger();
        services.AddSwaggerGen(o =>
        {
            o.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "Identity module: ZITADEL Management API v1 and v2 services (subset)",
                Version = "v1",
                Description = "REST (gRPC JSON transcoding) view of zitadel.management.v1.ManagementService, zitadel.user.v2.UserService and zitadel.session.v2.SessionService. "
                    + "64-bit integers are JSON strings; errors are google.rpc.Status with zitadel.v1.ErrorDetail details.",
            });
            o.AddSecurityDefinition("bearer", new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "A personal access token",
            });
            o.OperationFilter<ZitadelHeaders>();
            o.CustomSchemaIds(SchemaId);
            o.SchemaFilter<ProtoJsonTypes>();
        });
        return services;
    }

    /// <summary>Schemas are named by their proto full name (<c>zitadel.v1.ObjectDetails</c>), unique across packages.</summary>
    private static string SchemaId(Type type) =>
        type.GetProperty("Descriptor", System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)?.GetValue(null) is Google.Protobuf.Reflection.MessageDescriptor message
            ? message.FullName
            : (type.FullName ?? type.Name).Replace("+Types+", ".", StringComparison.Ordinal).Replace('+', '.');

    public static WebApplication MapIdentityApiDocs(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseSwagger(o => o.RouteTemplate = "openapi/{documentName}.json");
        app.UseSwaggerUI(o =>
        {
            o.RoutePrefix = UiPath;
            o.SwaggerEndpoint(DocumentPath, "v1");
        });
        return app;
    }

    /// <summary>
    /// The proto3 JSON mapping the service writes: 64-bit integers as strings, timestamps as RFC 3339 strings.
    /// </summary>
    private sealed class ProtoJsonTypes : ISchemaFilter
    {
        public void Apply(OpenApiSchema schema, SchemaFilterContext context)
        {
            if (schema.Properties is null
                || context.Type.GetProperty("Descriptor", System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)?.GetValue(null) is not Google.Protobuf.Reflection.MessageDescriptor message)
            {
                return;
            }

            // Unknown fields are ignored, not refused.
            schema.AdditionalPropertiesAllowed = true;
            schema.AdditionalProperties = null;
            foreach (var field in message.Fields.InDeclarationOrder())
            {
                if (!schema.Properties.TryGetValue(field.JsonName, out var property))
                {
                    continue;
                }

                var target = property.Type == "array" && property.Items is not null ? property.Items : property;
                switch (field.FieldType)
                {
                    case Google.Protobuf.Reflection.FieldType.UInt64 or Google.Protobuf.Reflection.FieldType.Fixed64:
                        (target.Type, target.Format) = ("string", "uint64");
                        break;
                    case Google.Protobuf.Reflection.FieldType.Int64 or Google.Protobuf.Reflection.FieldType.SInt64 or Google.Protobuf.Reflection.FieldType.SFixed64:
                        (target.Type, target.Format) = ("string", "int64");
                        break;
                    case Google.Protobuf.Reflection.FieldType.Message when field.MessageType.FullName == Google.Protobuf.WellKnownTypes.Timestamp.Descriptor.FullName:
                        (target.Type, target.Format, target.Reference) = ("string", "date-time", null);
                        break;
                }
            }
        }
    }

    /// <summary>Every operation takes a bearer token; v1 operations also the optional <c>x-zitadel-orgid</c> header (v2 ignores it).</summary>
    private sealed class ZitadelHeaders : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            operation.Parameters ??= [];
            if (!IsV2(context.ApiDescription.RelativePath))
            {
                AddOrgHeader(operation);
            }

            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement
            {
                [new OpenApiSecurityScheme { Reference = new OpenApiReference { Type = ReferenceType.SecurityScheme, Id = "bearer" } }] = [],
            });
        }

        private static bool IsV2(string? relativePath) =>
            relativePath is not null && ("/" + relativePath.TrimStart('/')).StartsWith(IdentityModule.RestPrefixV2, StringComparison.OrdinalIgnoreCase);

        private static void AddOrgHeader(OpenApiOperation operation)
        {
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "x-zitadel-orgid",
                In = ParameterLocation.Header,
                Required = false,
                Description = "The organization the call acts in; without it, the caller's own organization.",
                Schema = new OpenApiSchema { Type = "string" },
            });
        }
    }
}
