namespace Mesh.XdsServer.Tests.Translation.Simulation;

/// <summary>A request as a client would send it through its proxy.</summary>
internal sealed record SimulatedRequest(string Host, int Port, string Path = "/", string Method = "GET")
{
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
}
