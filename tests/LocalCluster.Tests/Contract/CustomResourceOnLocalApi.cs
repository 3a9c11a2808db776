using Mesh.LocalCluster.Tests.Infrastructure;

namespace Mesh.LocalCluster.Tests.Contract;

public sealed class CustomResourceOnLocalApi(LocalApiFixture fixture)
    : CustomResourceContract<LocalApiFixture>(fixture), IClassFixture<LocalApiFixture>;
