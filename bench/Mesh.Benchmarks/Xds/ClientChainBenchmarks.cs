using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BenchmarkDotNet.Attributes;

namespace Mesh.Benchmarks.Xds;

/// <summary>
/// What one mTLS handshake on the xDS port spends building the client's chain: SslStream builds it before our callback
/// whatever the callback decides, by default against the system trust store; given a chain policy, against the mesh
/// bundle alone (XdsTlsListenOptionsExtensions).
/// </summary>
[MemoryDiagnoser]
public class ClientChainBenchmarks
{
    private X509Certificate2 _root = null!;
    private X509Certificate2 _workload = null!;

    [GlobalSetup]
    public void Setup()
    {
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rootRequest = new CertificateRequest("CN=mesh-root", rootKey, HashAlgorithmName.SHA256);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        _root = rootRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(1));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=reviews", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddUri(new Uri("spiffe://cluster.local/ns/shop/sa/reviews"));
        request.CertificateExtensions.Add(san.Build());
        _workload = request.Create(_root, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1), [1, 2, 3, 4]);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _workload.Dispose();
        _root.Dispose();
    }

    /// <summary>SslStream's default: the system store (the chain does not end there, and that is what it finds out).</summary>
    [Benchmark(Baseline = true)]
    public bool System_trust()
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(_workload);
    }

    [Benchmark]
    public bool Mesh_bundle()
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(_root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        return chain.Build(_workload);
    }
}
