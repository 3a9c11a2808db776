namespace Mesh.EndToEnd.Tests.Mesh;

/// <summary>
/// A test class that runs its own operators (in-process replicas or processes) against an embedded API of its own,
/// made ready for them (the mesh-system namespace and the CRDs), one per test.
/// </summary>
public abstract class OperatorApiTest : IAsyncLifetime
{
    internal EmbeddedApiFixture Api { get; } = new();

    public async Task InitializeAsync()
    {
        await Api.InitializeAsync();
        await Api.InstallOperatorPrerequisitesAsync();
    }

    public Task DisposeAsync() => Api.DisposeAsync();
}
