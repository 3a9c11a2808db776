namespace Mesh.LocalCluster.Tests.Validation;

/// <summary>Runs alone, so no other test compiles CEL while the process-wide compilation counter is read.</summary>
[CollectionDefinition(nameof(CompilationCounterCollection), DisableParallelization = true)]
public sealed class CompilationCounterCollection
{
}
