namespace Mesh.XdsServer.Model;

/// <summary>One port of a service.</summary>
public sealed record ServicePort
{
    /// <summary>The service port number (required).</summary>
    public required int Port { get; init; }

    /// <summary>Port name from the Service, informational. Default empty.</summary>
    public string Name { get; init; } = "";

    /// <summary>Application protocol (explicit: the planner resolves appProtocol or the policy). Default Tcp.</summary>
    public ServiceProtocol Protocol { get; init; } = ServiceProtocol.Tcp;

    /// <summary>Port the endpoints listen on. Null = the same as <see cref="Port"/>.</summary>
    public int? TargetPort { get; init; }

    /// <summary>The endpoint port in effect.</summary>
    public int EffectiveTargetPort => TargetPort ?? Port;

    /// <summary>True for HTTP, HTTP/2 and gRPC.</summary>
    public bool IsHttp => Protocol != ServiceProtocol.Tcp;

    /// <summary>True when the upstream speaks HTTP/2 (HTTP2 and GRPC).</summary>
    public bool IsHttp2 => Protocol is ServiceProtocol.Http2 or ServiceProtocol.Grpc;
}
