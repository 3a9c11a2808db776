using Mesh.LocalCluster.Tests.Infrastructure;

namespace Mesh.LocalCluster.Tests.Contract;

public sealed class KubectlFidelityOnLocalApi(LocalApiFixture fixture)
    : KubectlFidelityContract<LocalApiFixture>(fixture), IClassFixture<LocalApiFixture>;
