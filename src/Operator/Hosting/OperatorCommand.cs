namespace Mesh.Operator.Hosting;

/// <summary>What the command line asked for.</summary>
public sealed record OperatorCommand
{
    /// <summary>True for <c>mesh-operator local</c>: the embedded API on loopback.</summary>
    public bool Local { get; init; }

    /// <summary>True for <c>--help</c>.</summary>
    public bool Help { get; init; }

    /// <summary>The kubeconfig to read (cluster mode) or to write (local mode); null means the default.</summary>
    public string? Kubeconfig { get; init; }

    /// <summary>The xDS port; null means no xDS server in cluster mode, 15010 in local mode.</summary>
    public int? XdsPort { get; init; }

    /// <summary>The mTLS xDS port (sidecars); null means 15012 in both modes.</summary>
    public int? XdsTlsPort { get; init; }

    /// <summary>The port of /metrics, /healthz and /readyz; null means 8080 in cluster mode, a free port in local mode.</summary>
    public int? HttpPort { get; init; }

    /// <summary>The sidecar injector's HTTPS port; null means 9443 in cluster mode, a free loopback port in local mode.</summary>
    public int? WebhookPort { get; init; }

    /// <summary>A folder with the webhook's tls.crt and tls.key (cert-manager); null: the built-in CA issues it.</summary>
    public string? WebhookCertDir { get; init; }

    /// <summary>Whether cluster mode takes a Lease before reconciling (default true; false for a single replica).</summary>
    public bool LeaderElect { get; init; } = true;

    /// <summary>Manifests (files or folders) to apply in local mode, in order.</summary>
    public IReadOnlyList<string> Apply { get; init; } = [];

    /// <summary>The arguments after <c>mesh-operator capture</c>, or null when that subcommand was not given.</summary>
    public IReadOnlyList<string>? CaptureArgs { get; init; }

    /// <summary>Every problem found on the command line.</summary>
    public IReadOnlyList<string> Errors { get; init; } = [];
}
