using Mesh.LocalCluster.Tests.Infrastructure;

namespace Mesh.LocalCluster.Tests.Contract;

public sealed class WatchOnLocalApi(LocalApiFixture fixture)
    : WatchContract<LocalApiFixture>(fixture), IClassFixture<LocalApiFixture>;
