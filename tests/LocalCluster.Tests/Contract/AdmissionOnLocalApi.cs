using Mesh.LocalCluster.Tests.Infrastructure;

namespace Mesh.LocalCluster.Tests.Contract;

public sealed class AdmissionOnLocalApi(LocalApiFixture fixture)
    : AdmissionContract<LocalApiFixture>(fixture), IClassFixture<LocalApiFixture>;
