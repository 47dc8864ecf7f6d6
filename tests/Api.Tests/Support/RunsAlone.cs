namespace Identity.Api.Tests.Support;

/// <summary>
/// Test classes that measure time or need requests to overlap (one hashing slot, the timing of failed
/// checks) run alone, after the parallel ones: other classes running beside them load the 2 cores and the
/// thread pool unevenly, which can serialize requests that must overlap or slow one kind of check more
/// than another.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAlone
{
    public const string Name = "Runs alone";
}
