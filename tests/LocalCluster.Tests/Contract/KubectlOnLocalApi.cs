using Mesh.LocalCluster.Tests.Infrastructure;

namespace Mesh.LocalCluster.Tests.Contract;

public sealed class KubectlOnLocalApi(LocalApiFixture fixture)
    : KubectlContract<LocalApiFixture>(fixture), IClassFixture<LocalApiFixture>;
