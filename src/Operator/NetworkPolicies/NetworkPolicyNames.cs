using System.Security.Cryptography;
using System.Text;

namespace Mesh.Operator.NetworkPolicies;

/// <summary>Deterministic NetworkPolicy names: <c>mesh-&lt;policy&gt;-&lt;service&gt;</c>, hashed when over 253 characters.</summary>
public static class NetworkPolicyNames
{
    public static string For(string policyName, string serviceName)
    {
        var name = $"mesh-{policyName}-{serviceName}";
        if (name.Length <= 253)
        {
            return name;
        }
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..10];
        return name[..242].TrimEnd('-', '.') + "-" + hash;
    }
}
