using Mesh.LocalCluster.Tests.Infrastructure;

namespace Mesh.LocalCluster.Tests.Contract;

public sealed class WebhookCallOnLocalApi(LocalApiFixture fixture)
    : WebhookCallContract<LocalApiFixture>(fixture), IClassFixture<LocalApiFixture>;
