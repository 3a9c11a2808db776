using Mesh.LocalCluster.Tests.Infrastructure;

namespace Mesh.LocalCluster.Tests.Contract;

public sealed class AdmissionPolicyOnK3s(K3sFixture fixture)
    : AdmissionPolicyContract<K3sFixture>(fixture), IClassFixture<K3sFixture>, IRequiresDocker;
