using k8s.Models;

namespace Mesh.Operator.Certificates;

/// <summary>
/// The built-in CA as the reconciler sees it: decisions come from the pure deciders at the injected time, Secrets
/// from the builders with the injected serial source. The reconciler writes what it returns (and nothing on Keep).
/// </summary>
internal sealed class BuiltInCertificateAuthority
{
    private readonly TimeProvider _time;
    private readonly Func<byte[]> _serials;

    public BuiltInCertificateAuthority(BuiltInCaOptions options, TimeProvider time, Func<byte[]> serials)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(serials);
        Options = options;
        _time = time;
        _serials = serials;
    }

    public BuiltInCaOptions Options { get; }

    public RootCaPlan PlanRoot(V1Secret? existing) => RootCaDecider.Decide(existing, _time.GetUtcNow(), Options);

    public V1Secret BuildRootSecret(RootCaPlan plan, V1Secret? existing) =>
        RootCaSecretBuilder.Build(plan, existing, _time.GetUtcNow(), Options, _serials);

    /// <summary>Parses a root Secret that <see cref="PlanRoot"/> kept or <see cref="BuildRootSecret"/> wrote; the caller disposes it.</summary>
    public static RootCaState LoadRoot(V1Secret secret) =>
        RootCaState.TryParse(secret, out var error) ?? throw new InvalidOperationException($"The root CA Secret is not usable: {error}");

    public WorkloadCertificatePlan PlanWorkload(V1Secret? existing, WorkloadCertificateRequest request, RootCaState ca) =>
        WorkloadCertificateDecider.Decide(existing, request, ca, _time.GetUtcNow());

    public V1Secret BuildWorkloadSecret(WorkloadCertificatePlan plan, WorkloadCertificateRequest request, RootCaState ca, V1Secret? existing) =>
        WorkloadSecretBuilder.Build(plan, request, ca, existing, _time.GetUtcNow(), _serials);
}
