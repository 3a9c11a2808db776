using System.Net;
using Mesh.XdsServer.Contract;

namespace Mesh.Operator.Injection;

/// <summary>How the operator serves the sidecar injector.</summary>
public sealed record WebhookOptions
{
    /// <summary>The HTTPS endpoint (default port <see cref="SidecarContract.WebhookContainerPort"/>); null serves no webhook.</summary>
    public IPEndPoint? Endpoint { get; init; } = new(IPAddress.Any, SidecarContract.WebhookContainerPort);

    /// <summary>
    /// A folder with <c>tls.crt</c> and <c>tls.key</c> (cert-manager's Secret mounted): the serving certificate comes
    /// from there and the operator leaves caBundle to cert-manager's cainjector. Null: the built-in CA issues it and
    /// the operator keeps caBundle right.
    /// </summary>
    public string? CertificateDirectory { get; init; }

    /// <summary>Images and other defaults of what is injected.</summary>
    public InjectorOptions Injector { get; init; } = new();
}
