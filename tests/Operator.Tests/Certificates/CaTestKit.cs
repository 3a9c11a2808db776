using System.Security.Cryptography.X509Certificates;
using System.Text;
using k8s.Models;
using Mesh.Operator.Certificates;

namespace Mesh.Operator.Tests.Certificates;

/// <summary>Shared helpers: a fixed clock, counting serials, and shortcuts over the pure deciders and builders.</summary>
internal static class CaTestKit
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    public static readonly BuiltInCaOptions Options = new() { OperatorNamespace = "mesh-system" };

    private static readonly Func<byte[]> Shared = CountingSerials();

    /// <summary>One counting source for the whole run, so that every certificate gets a distinct serial.</summary>
    public static Func<byte[]> Serials() => Shared;

    private static Func<byte[]> CountingSerials()
    {
        var next = 0x40_00_00_01;
        return () => BitConverter.GetBytes(Interlocked.Increment(ref next)).Reverse().ToArray();
    }

    public static V1Secret NewRoot(DateTimeOffset now, BuiltInCaOptions? options = null)
    {
        options ??= Options;
        var plan = RootCaDecider.Decide(null, now, options);
        return RootCaSecretBuilder.Build(plan, null, now, options, Serials());
    }

    public static V1Secret Advance(V1Secret root, DateTimeOffset now, BuiltInCaOptions? options = null)
    {
        options ??= Options;
        var plan = RootCaDecider.Decide(root, now, options);
        return RootCaSecretBuilder.Build(plan, root, now, options, Serials());
    }

    public static RootCaState Load(V1Secret root) => BuiltInCertificateAuthority.LoadRoot(root);

    public static WorkloadCertificateRequest Request(string sa = "reviews", string trustDomain = "cluster.local", TimeSpan? duration = null, TimeSpan? renewBefore = null) => new()
    {
        PolicyName = "shop",
        Namespace = "shop",
        ServiceAccount = sa,
        TrustDomain = trustDomain,
        Duration = duration ?? TimeSpan.FromHours(24),
        RenewBefore = renewBefore,
    };

    public static V1Secret Issue(WorkloadCertificateRequest request, RootCaState ca, DateTimeOffset now, V1Secret? existing = null)
    {
        var plan = WorkloadCertificateDecider.Decide(existing, request, ca, now);
        plan.Action.Should().NotBe(WorkloadCertificateAction.Keep);
        return WorkloadSecretBuilder.Build(plan, request, ca, existing, now, Serials());
    }

    public static X509Certificate2 Certificate(V1Secret secret, string key = CertificateNames.TlsCrt) =>
        X509CertificateLoader.LoadCertificate(Convert.FromBase64String(
            Encoding.ASCII.GetString(secret.Data[key]).Split("-----")[2].Trim()));

    public static List<X509Certificate2> Bundle(V1Secret secret)
    {
        var collection = new X509Certificate2Collection();
        collection.ImportFromPem(Encoding.ASCII.GetString(secret.Data[CertificateNames.CaCrt]));
        return [.. collection];
    }

    public static bool Verifies(X509Certificate2 leaf, IEnumerable<X509Certificate2> roots, DateTimeOffset at)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots.ToArray());
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.VerificationTime = at.UtcDateTime;
        return chain.Build(leaf);
    }

    public static V1Secret WithData(V1Secret secret, string key, byte[]? value)
    {
        var data = new Dictionary<string, byte[]>(secret.Data);
        if (value is null)
        {
            data.Remove(key);
        }
        else
        {
            data[key] = value;
        }
        return new V1Secret { ApiVersion = secret.ApiVersion, Kind = secret.Kind, Metadata = secret.Metadata, Type = secret.Type, Data = data };
    }
}
