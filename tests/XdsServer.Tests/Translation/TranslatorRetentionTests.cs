using System.Runtime.CompilerServices;
using Mesh.XdsServer.Model;
using Mesh.XdsServer.Translation;

namespace Mesh.XdsServer.Tests.Translation;

/// <summary>
/// A translator keeps what it reuses of the last model only: a result kept across models (a proxyless pod's server
/// listener template holds the translation it came from) must not hold every earlier model in a chain.
/// </summary>
public sealed class TranslatorRetentionTests
{
    private const int Models = 12;

    [Fact]
    public void Models_older_than_the_last_two_are_collectable_after_config_changes_that_rebuild_a_proxyless_pod()
    {
        var translator = new MeshTranslator();
        var models = TranslateSeries(translator);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        // The translator's current model and the one before it (whose results the current one reuses) may stay.
        models.Take(Models - 2).Where(m => m.TryGetTarget(out _)).Should().BeEmpty("earlier models are unreachable once superseded");
        GC.KeepAlive(translator);
    }

    [Fact]
    public void A_scope_kept_across_a_config_change_it_does_not_read_keeps_its_server_listener_template()
    {
        var translator = new MeshTranslator();
        var before = translator.Translate(Model(0), Pod);

        var after = translator.Translate(Model(0) with { Services = [.. Model(0).Services, Other(1)] }, Pod);

        after.Should().BeSameAs(before, "a service of another namespace is nothing this pod reads");
        after.ListenerTemplate.Should().NotBeNull();
    }

    // Not inlined: no model may stay alive in this frame's locals while the test collects.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static List<WeakReference<MeshModel>> TranslateSeries(MeshTranslator translator)
    {
        var models = new List<WeakReference<MeshModel>>();
        for (var i = 0; i < Models; i++)
        {
            // A new weight each time: the pod serves and sees echo, so its scope is built again and its template is new.
            var model = Model(i);
            translator.Translate(model, Pod).ListenerTemplate.Should().NotBeNull();
            models.Add(new WeakReference<MeshModel>(model));
        }

        return models;
    }

    private static readonly ProxyScope Pod = new()
    {
        Namespace = "demo",
        ServiceAccount = "echo",
        Kind = ProxyKind.ProxylessGrpc,
        Labels = new Dictionary<string, string> { ["app"] = "echo" },
        PodIps = ["10.1.0.7"],
        Dependencies = [new ServiceRef("demo", "echo")],
    };

    private static MeshModel Model(int weight) => new()
    {
        Services =
        [
            new MeshService
            {
                Name = "echo",
                Namespace = "demo",
                Selector = new Dictionary<string, string> { ["app"] = "echo" },
                Ports = [new ServicePort { Port = 50051, Protocol = ServiceProtocol.Grpc }],
                Subsets = [new ServiceSubset { Name = "v1", Labels = new Dictionary<string, string> { ["version"] = "v1" } }],
                Routes =
                [
                    new MeshRoute
                    {
                        Name = "split",
                        Backends = [new RouteBackend { Subset = "v1", Weight = weight + 1 }, new RouteBackend { Weight = 100 }],
                    },
                ],
            },
        ],
    };

    private static MeshService Other(int i) => new()
    {
        Name = $"other-{i}",
        Namespace = "elsewhere",
        Selector = new Dictionary<string, string> { ["app"] = "other" },
        Ports = [new ServicePort { Port = 8080, Protocol = ServiceProtocol.Http }],
    };
}
