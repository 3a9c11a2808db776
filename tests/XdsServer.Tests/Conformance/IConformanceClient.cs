using System.Text.Json;

namespace Mesh.XdsServer.Tests.Conformance;

/// <summary>A proxyless client process speaking the conformance line protocol (grpc-js-xds or gRPC C-core).</summary>
internal interface IConformanceClient : IAsyncDisposable
{
    string Stderr { get; }

    Task SendAsync(object command);

    Task<JsonElement> NextAsync(string name, TimeSpan timeout);
}
