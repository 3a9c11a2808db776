using Mesh.Operator.Hosting;
using Mesh.Testing;
using Mesh.XdsServer.Cache;
using Microsoft.Extensions.DependencyInjection;

namespace Mesh.EndToEnd.Tests.Mesh;

/// <summary>
/// Local mode in-process on free ports (embedded API, xDS, HTTP), a kubeconfig and a kubectl cache of its own; torn
/// down after the test class.
/// </summary>
public sealed class LocalMeshFixture : IAsyncLifetime
{
    private static readonly TimeSpan KubectlPoll = TimeSpan.FromMilliseconds(200);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"mesh-e2e-{Guid.NewGuid():N}");
    private readonly IReadOnlyList<string> _apply;
    private LocalSession? _session;
    private Kubectl? _kubectl;

    /// <summary>Local mode with nothing applied (the class fixture).</summary>
    public LocalMeshFixture()
        : this([])
    {
    }

    /// <summary>Local mode that applies <paramref name="apply"/> as <c>--apply</c> does (a test owning its own session).</summary>
    internal LocalMeshFixture(IReadOnlyList<string> apply) => _apply = apply;

    internal LocalSession Session => _session ?? throw new InvalidOperationException("The fixture has not started.");

    internal Kubectl Kubectl => _kubectl ?? throw new InvalidOperationException("The fixture has not started.");

    /// <summary>The xDS address a proxyless client's bootstrap names (host:port).</summary>
    internal string XdsAddress => new Uri(Session.Urls[1]).Authority;

    /// <summary>The mTLS xDS address (host:port) sidecars dial.</summary>
    internal string XdsTlsAddress => new Uri(Session.Urls[2]).Authority;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        _session = await LocalSession.StartAsync(new LocalModeOptions
        {
            KubeconfigPath = Path.Combine(_dir, "kubeconfig"),
            XdsPort = 0,
            XdsTlsPort = 0,
            HttpPort = 0,
            Apply = _apply,
        });
        _kubectl = new Kubectl(_session.KubeconfigPath, Path.Combine(_dir, "kube-cache"));
    }

    public async Task DisposeAsync()
    {
        if (_session is not null)
        {
            await _session.DisposeAsync();
        }

        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // A kubectl cache file still open: the temp folder is cleaned by the OS.
        }
    }

    /// <summary>Names of the resources of <paramref name="typeUrl"/> in the snapshot proxyless clients get.</summary>
    internal IReadOnlyCollection<string> ProxylessResourceNames(string typeUrl)
    {
        var cache = Session.App.Services.GetRequiredService<SnapshotCache>();
        // Built only for connected proxyless clients otherwise: this reader counts as one.
        var key = Session.App.Services.GetRequiredService<global::Mesh.XdsServer.Config.MeshConfigServer>().ServeProxyless(global::Mesh.XdsServer.Model.ProxyCapabilities.Full);
        return cache.TryGetSnapshot(key, out var snapshot)
            ? snapshot.Get(typeUrl).ByName.Keys.ToList()
            : [];
    }

    /// <summary>
    /// Polls <paramref name="condition"/> until it holds or <paramref name="timeout"/> passes; every 200 ms, since
    /// conditions here usually run kubectl.
    /// </summary>
    internal static Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout) =>
        Eventually.Holds(condition, timeout, KubectlPoll);

    internal static Task<bool> EventuallyAsync(Func<bool> condition, TimeSpan timeout) =>
        EventuallyAsync(() => Task.FromResult(condition()), timeout);
}
