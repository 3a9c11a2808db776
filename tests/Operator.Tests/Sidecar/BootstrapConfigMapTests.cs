using k8s.Models;
using Mesh.Operator.Entities;
using Mesh.Operator.Sidecar;
using Mesh.XdsServer.Contract;

namespace Mesh.Operator.Tests.Sidecar;

public sealed class BootstrapConfigMapTests
{
    [Fact]
    public void The_config_map_holds_the_bootstrap_and_the_sds_files_under_the_contract_names()
    {
        var input = new SidecarBootstrapInput { Namespace = "shop", TrustDomain = "cluster.local" };

        var map = BootstrapConfigMapBuilder.Build(input, "shop");

        map.Metadata.Name.Should().Be(SidecarContract.BootstrapConfigMap);
        map.Metadata.NamespaceProperty.Should().Be("shop");
        map.Metadata.Labels.Should().Contain(MeshLabels.ForPolicy("shop"));
        map.Data.Keys.Should().BeEquivalentTo(SidecarContract.BootstrapFile, SidecarContract.CertificateSdsFile, SidecarContract.TrustBundleSdsFile);
        map.Data[SidecarContract.BootstrapFile].Should().Be(EnvoyJson.Format(SidecarBootstrapBuilder.Build(input)));
    }

    [Fact]
    public void The_oldest_policy_of_the_namespace_owns_the_bootstrap()
    {
        var older = Policy("b-older", new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        var newer = Policy("a-newer", new DateTime(2026, 6, 1, 0, 0, 0, DateTimeKind.Utc));
        var sameTime = Policy("a-same", new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        var deleting = Policy("0-deleting", new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        deleting.Metadata.DeletionTimestamp = DateTime.UtcNow;

        BootstrapConfigMapBuilder.Owner([newer, older]).Should().BeSameAs(older);
        BootstrapConfigMapBuilder.Owner([older, sameTime]).Should().BeSameAs(sameTime, "ties go to the first name");
        BootstrapConfigMapBuilder.Owner([deleting, newer]).Should().BeSameAs(newer, "a policy being deleted hands the bootstrap on");
        BootstrapConfigMapBuilder.Owner([]).Should().BeNull();
    }

    private static MeshPolicy Policy(string name, DateTime created) =>
        new() { Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "shop", CreationTimestamp = created } };
}
