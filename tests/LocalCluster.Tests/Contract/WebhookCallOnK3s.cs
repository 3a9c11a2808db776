using Mesh.LocalCluster.Tests.Infrastructure;

namespace Mesh.LocalCluster.Tests.Contract;

public sealed class WebhookCallOnK3s(K3sFixture fixture)
    : WebhookCallContract<K3sFixture>(fixture), IClassFixture<K3sFixture>, IRequiresDocker;
