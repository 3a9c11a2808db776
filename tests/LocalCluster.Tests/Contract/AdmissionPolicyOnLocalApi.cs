using Mesh.LocalCluster.Tests.Infrastructure;

namespace Mesh.LocalCluster.Tests.Contract;

public sealed class AdmissionPolicyOnLocalApi(LocalApiFixture fixture)
    : AdmissionPolicyContract<LocalApiFixture>(fixture), IClassFixture<LocalApiFixture>;
