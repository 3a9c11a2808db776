namespace Mesh.Meshctl.Tests;

/// <summary>
/// The test classes that need local mode share one session and run one after another: several sessions at once on a
/// loaded machine let the workload simulation create pods before the injector has seen the policy.
/// </summary>
[CollectionDefinition(Name)]
public sealed class LocalMeshCollection : ICollectionFixture<LocalMeshFixture>
{
    public const string Name = "local mesh";
}
