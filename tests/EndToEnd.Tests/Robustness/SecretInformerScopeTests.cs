using System.Net;
using System.Security.Cryptography;
using k8s;
using k8s.Models;
using Mesh.EndToEnd.Tests.Mesh;
using Mesh.Operator.Certificates;
using Mesh.Operator.Hosting;
using Mesh.Operator.Runtime;
using Mesh.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Mesh.EndToEnd.Tests.Robustness;

/// <summary>
/// Security checklist: the operator may read Secrets cluster-wide (RBAC cannot narrow list/watch by label), but its
/// Secret informer lists and watches only Secrets labelled app.kubernetes.io/managed-by=mesh-operator, so nobody
/// else's Secrets enter its memory, neither from the first list nor from the watch. A root CA Secret without the label
/// (made by hand) is still found, kept, and labelled.
/// </summary>
public sealed class SecretInformerScopeTests : IAsyncLifetime
{
    private readonly EmbeddedApiFixture _api = new();
    private Kubernetes? _client;
    private WebApplication? _operator;

    private Kubernetes Client => _client ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        await _api.InitializeAsync();
        await _api.InstallOperatorPrerequisitesAsync();
        _client = new Kubernetes(_api.Server.ClientConfiguration);
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "elsewhere" } });
    }

    public async Task DisposeAsync()
    {
        if (_operator is not null)
        {
            await _operator.StopAsync();
            await _operator.DisposeAsync();
        }

        _client?.Dispose();
        await _api.DisposeAsync();
    }

    [Fact]
    public async Task Secrets_the_operator_did_not_label_never_enter_its_cache()
    {
        await Client.CoreV1.CreateNamespacedSecretAsync(Foreign("listed-before-start"), "elsewhere");
        var app = await StartOperatorAsync();
        var cache = app.Services.GetRequiredService<ControllerManager>().Cache<V1Secret>(ResourceKinds.Secret);
        (await Eventually.Holds(() => Task.FromResult(cache.Get("mesh-system", CertificateNames.RootSecretName) is not null), TimeSpan.FromSeconds(30)))
            .Should().BeTrue("the operator creates its root CA and sees it");

        // Watched after the first list: the foreign Secret first, then one of ours; once ours is cached, the foreign one was filtered.
        await Client.CoreV1.CreateNamespacedSecretAsync(Foreign("created-while-running"), "elsewhere");
        var ours = Foreign("labelled-probe");
        ours.Metadata.Labels = new Dictionary<string, string> { [CertificateNames.ManagedByLabel] = CertificateNames.ManagedByValue };
        await Client.CoreV1.CreateNamespacedSecretAsync(ours, "elsewhere");
        (await Eventually.Holds(() => Task.FromResult(cache.Get("elsewhere", "labelled-probe") is not null), TimeSpan.FromSeconds(30)))
            .Should().BeTrue("a labelled Secret reaches the cache through the watch");

        cache.Get("elsewhere", "listed-before-start").Should().BeNull("the first list asks for mesh-managed Secrets only");
        cache.Get("elsewhere", "created-while-running").Should().BeNull("the watch asks for mesh-managed Secrets only");
        cache.List().Should().OnlyContain(s => s.Metadata.Labels != null && s.Metadata.Labels[CertificateNames.ManagedByLabel] == CertificateNames.ManagedByValue);
    }

    [Fact]
    public async Task A_valid_root_ca_secret_without_the_label_is_kept_and_labelled()
    {
        var options = new BuiltInCaOptions();
        var now = DateTimeOffset.UtcNow;
        var root = RootCaSecretBuilder.Build(RootCaDecider.Decide(null, now, options), null, now, options, SerialNumbers.FromRandom(RandomNumberGenerator.Create()));
        root.Metadata.Labels = null;
        await Client.CoreV1.CreateNamespacedSecretAsync(root, "mesh-system");

        var app = await StartOperatorAsync();

        (await Eventually.Holds(async () =>
            (await Client.CoreV1.ReadNamespacedSecretAsync(CertificateNames.RootSecretName, "mesh-system")).Metadata.Labels is { } labels && labels.TryGetValue(CertificateNames.ManagedByLabel, out var by) && by == CertificateNames.ManagedByValue,
            TimeSpan.FromSeconds(30))).Should().BeTrue("the operator labels the root Secret it found without its label");
        var kept = await Client.CoreV1.ReadNamespacedSecretAsync(CertificateNames.RootSecretName, "mesh-system");
        kept.Data["tls.crt"].Should().Equal(root.Data["tls.crt"], "a valid root is kept, not replaced");
        var cache = app.Services.GetRequiredService<ControllerManager>().Cache<V1Secret>(ResourceKinds.Secret);
        (await Eventually.Holds(() => Task.FromResult(cache.Get("mesh-system", CertificateNames.RootSecretName) is not null), TimeSpan.FromSeconds(30)))
            .Should().BeTrue("once labelled, the root is in the cache the certificate step reads");
    }

    private async Task<WebApplication> StartOperatorAsync()
    {
        _operator = OperatorHost.Build(new OperatorHostOptions
        {
            Kubernetes = _api.Server.ClientConfiguration,
            HttpEndpoint = new IPEndPoint(IPAddress.Loopback, 0),
        });
        await _operator.StartAsync();
        return _operator;
    }

    private static V1Secret Foreign(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "elsewhere" },
        StringData = new Dictionary<string, string> { ["password"] = "not the operator's business" },
    };
}
