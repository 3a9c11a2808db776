using System.Security.Cryptography;
using System.Text;

namespace Mesh.Operator.Certificates;

/// <summary>Deterministic names of workload certificate Secrets: <c>mesh-workload-&lt;serviceAccount&gt;</c>.</summary>
public static class WorkloadSecretNames
{
    // A Secret name is a DNS subdomain (253 characters); a ServiceAccount name may already be that long.
    private const int MaxLength = 253;

    public static string For(string serviceAccount)
    {
        ArgumentException.ThrowIfNullOrEmpty(serviceAccount);
        var name = CertificateNames.WorkloadSecretPrefix + serviceAccount;
        if (name.Length <= MaxLength)
        {
            return name;
        }
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(serviceAccount)))[..10];
        return name[..(MaxLength - 11)].TrimEnd('.', '-') + "-" + hash;
    }
}
