namespace Mesh.XdsServer.Model;

/// <summary>Protocol of an allowed external host.</summary>
public enum EgressProtocol
{
    /// <summary>TLS, matched by SNI.</summary>
    Tls,
    /// <summary>Plain HTTP, matched by Host header.</summary>
    Http,
    /// <summary>Opaque TCP, matched on the destination port (and address when it resolves).</summary>
    Tcp,
}
