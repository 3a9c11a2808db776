namespace Mesh.Operator.Sidecar;

/// <summary>One kubelet HTTP probe as the app declared it, before the injector pointed it at the proxy.</summary>
internal sealed record AppProber
{
    /// <summary>The app's port (a number: the injector resolves named ports).</summary>
    public required int Port { get; init; }

    /// <summary>The probe's path, query included (<c>httpGet.path</c>, default <c>/</c>).</summary>
    public string Path { get; init; } = "/";

    /// <summary><c>HTTP</c> or <c>HTTPS</c> (<c>httpGet.scheme</c>); HTTPS is not verified, as the kubelet does not verify it either.</summary>
    public string Scheme { get; init; } = "HTTP";

    /// <summary>
    /// The probe's <c>httpGet.httpHeaders</c>, sent to the app as declared (a Host header included: apps that route by
    /// host answer their probe only with it). Omitted from the annotation when empty, so older values still parse.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<AppProbeHeader>? Headers { get; init; }
}

/// <summary>One header of a kubelet HTTP probe.</summary>
internal sealed record AppProbeHeader(string Name, string Value);
