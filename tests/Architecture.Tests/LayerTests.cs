using System.Reflection;
using Identity.Api.Grpc;
using Identity.Application.Common;
using Identity.Domain.Common;
using Identity.Infrastructure.Persistence;
using NetArchTest.Rules;

namespace Identity.Architecture.Tests;

/// <summary>
/// The dependency rules of README.md (Layout). Every rule is also run once against an assembly that breaks
/// it, to show the check can fail.
/// </summary>
public sealed class LayerTests
{
    private static readonly Assembly Domain = typeof(DomainException).Assembly;
    private static readonly Assembly Application = typeof(RequestContext).Assembly;
    private static readonly Assembly Infrastructure = typeof(IdentityDbContext).Assembly;
    private static readonly Assembly Api = typeof(ManagementGrpcService).Assembly;

    private static readonly string[] Frameworks =
        ["Microsoft.EntityFrameworkCore", "Microsoft.AspNetCore", "Grpc", "Google.Protobuf", "Npgsql", "Microsoft.Data", "System.Net.Http"];

    private static readonly string[] OuterLayers = ["Identity.Application", "Identity.Infrastructure", "Identity.Api"];

    [Fact]
    public void Domain_references_no_project_and_no_package()
    {
        Assert.Empty(ForeignReferences(Domain, allowed: []));
        Assert.NotEmpty(ForeignReferences(Application, allowed: []));
    }

    [Fact]
    public void Application_references_only_the_domain_mediatr_fluentvalidation_and_mapster()
    {
        string[] allowed = ["Identity.Domain", "MediatR", "FluentValidation", "Mapster", "Mapster.Core"];

        Assert.Empty(ForeignReferences(Application, allowed));
        Assert.NotEmpty(ForeignReferences(Infrastructure, allowed));
    }

    [Fact]
    public void Domain_depends_on_no_outer_layer_and_no_framework()
    {
        Assert.True(NoDependency(Domain, [.. OuterLayers, .. Frameworks, "MediatR", "FluentValidation", "Mapster"]));
        Assert.False(NoDependency(Application, ["Identity.Domain"]));
    }

    [Fact]
    public void Application_depends_on_no_outer_layer_and_no_framework()
    {
        Assert.True(NoDependency(Application, ["Identity.Infrastructure", "Identity.Api", .. Frameworks]));
        Assert.False(NoDependency(Infrastructure, ["Microsoft.EntityFrameworkCore"]));
    }

    [Fact]
    public void Infrastructure_does_not_know_the_api_or_the_protocols()
    {
        Assert.True(NoDependency(Infrastructure, ["Identity.Api", "Microsoft.AspNetCore.Http", "Grpc", "Google.Protobuf"]));
        Assert.False(NoDependency(Api, ["Grpc"]));
    }

    [Fact]
    public void The_api_never_touches_persistence_directly()
    {
        // The protocol adapter talks to the Application (MediatR); only the composition root wires Infrastructure.
        var adapters = Types.InAssembly(Api).That().ResideInNamespace("Identity.Api.Grpc")
            .Or().ResideInNamespace("Identity.Api.Rest");
        Assert.True(adapters.ShouldNot().HaveDependencyOnAny("Identity.Infrastructure", "Microsoft.EntityFrameworkCore").GetResult().IsSuccessful);

        var composition = Types.InAssembly(Api).That().ResideInNamespace("Identity.Api.Composition");
        Assert.False(composition.ShouldNot().HaveDependencyOnAny("Identity.Infrastructure").GetResult().IsSuccessful);
    }

    private static bool NoDependency(Assembly assembly, string[] namespaces) =>
        Types.InAssembly(assembly).ShouldNot().HaveDependencyOnAny(namespaces).GetResult().IsSuccessful;

    /// <summary>Referenced assemblies that are neither the runtime's nor in <paramref name="allowed"/>.</summary>
    private static List<string> ForeignReferences(Assembly assembly, string[] allowed) =>
        assembly.GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(n => !(n == "netstandard" || n == "mscorlib" || n.StartsWith("System", StringComparison.Ordinal) || n.StartsWith("Microsoft.Win32", StringComparison.Ordinal)))
            .Where(n => !allowed.Contains(n))
            .ToList();
}
