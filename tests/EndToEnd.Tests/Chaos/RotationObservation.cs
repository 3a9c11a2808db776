using System.Security.Cryptography.X509Certificates;
using k8s.Models;
using Mesh.Operator.Certificates;

namespace Mesh.EndToEnd.Tests.Chaos;

/// <summary>
/// What RootRotationTests reads back after each step (the root Secret, the workload Secrets, CertificatesReady), and
/// whether the operator has settled: the pure deciders, run at the shifted time, find nothing left to do.
/// </summary>
internal sealed record RotationObservation(V1Secret? RootSecretOrNull, IReadOnlyDictionary<string, V1Secret> Workloads, (string Status, string Reason, string Message) Certificates)
{
    public V1Secret RootSecret => RootSecretOrNull ?? throw new InvalidOperationException("no root Secret");

    public RootCaState Root() => BuiltInCertificateAuthority.LoadRoot(RootSecret);

    public X509Certificate2 Leaf(string account) => X509Certificate2.CreateFromPem(System.Text.Encoding.ASCII.GetString(Workloads[account].Data["tls.crt"]));

    public bool Settled(bool rootWritable, DateTimeOffset now)
    {
        if (RootSecretOrNull is null || Workloads.Count != RootRotationTests.Accounts.Length || Certificates.Status == "")
        {
            return false;
        }

        if (rootWritable && (RootCaDecider.Decide(RootSecret, now, RootRotationTests.Ca).Action != RootCaAction.Keep || Certificates.Status != "True"))
        {
            return false;
        }

        using var root = RootCaState.TryParse(RootSecret, out _);
        return root is not null && RootRotationTests.Accounts.All(a => WorkloadCertificateDecider.Decide(Workloads[a], Request(a), root, now).Action == WorkloadCertificateAction.Keep);
    }

    private static WorkloadCertificateRequest Request(string account) => new()
    {
        PolicyName = RootRotationTests.Ns,
        Namespace = RootRotationTests.Ns,
        ServiceAccount = account,
        Duration = TimeSpan.FromHours(4),
        RenewBefore = TimeSpan.FromHours(2),
    };
}
