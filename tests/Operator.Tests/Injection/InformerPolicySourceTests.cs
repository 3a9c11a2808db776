using Mesh.Operator.Entities;
using Mesh.Operator.Injection;
using Mesh.Operator.Runtime;
using Mesh.Operator.Tests.Runtime;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mesh.Operator.Tests.Injection;

/// <summary>The webhook's policy lookup: the informer cache first, the API when the cache knows no policy there.</summary>
public sealed class InformerPolicySourceTests
{
    [Fact]
    public async Task A_policy_the_cache_has_not_seen_yet_is_read_from_the_api()
    {
        await using var env = await TestApi.StartAsync();
        await env.CreatePolicyAsync("fresh");
        // Never run: its cache is empty and it is not synced, as at operator start or before a watch event arrives.
        var informer = new Informer<MeshPolicy>(ResourceKinds.MeshPolicy, env.Api, TimeProvider.System, NullLogger.Instance);
        new InformerPolicySource().Synced.Should().BeFalse("without the API, nothing can answer before the cache is synced");
        var source = new InformerPolicySource(env.Api);
        source.Attach(informer);

        source.Synced.Should().BeTrue("the API can be asked while the cache fills");
        (await source.PoliciesInAsync(env.Namespace, CancellationToken.None)).Select(p => p.Metadata.Name).Should().Equal("fresh");
        (await source.PoliciesInAsync("no-such-namespace", CancellationToken.None)).Should().BeEmpty();
    }

    [Fact]
    public async Task An_unreachable_api_means_no_policy_within_the_bound()
    {
        var api = new KubeApi(new k8s.Kubernetes(new k8s.KubernetesClientConfiguration { Host = "http://127.0.0.1:1" }));
        var source = new InformerPolicySource(api);
        source.Attach(new Informer<MeshPolicy>(ResourceKinds.MeshPolicy, api, TimeProvider.System, NullLogger.Instance));

        (await source.PoliciesInAsync("shop", CancellationToken.None)).Should().BeEmpty("the pod is then admitted without a sidecar and shows as SidecarMissing");
    }
}
