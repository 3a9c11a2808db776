using Mesh.LocalCluster.Tests.Infrastructure;

namespace Mesh.LocalCluster.Tests.Contract;

public sealed class AdmissionOnK3s(K3sFixture fixture)
    : AdmissionContract<K3sFixture>(fixture), IClassFixture<K3sFixture>, IRequiresDocker;
