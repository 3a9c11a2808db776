using System.Diagnostics;
using Mesh.Operator.Hosting;
using Mesh.Testing;

namespace Mesh.EndToEnd.Tests.Install;

/// <summary>
/// The Kubernetes Python client's own dynamic-client end-to-end tests (Debian's python3-kubernetes, run by
/// /usr/bin/python3 with pytest) against local mode: an independent client's view of the embedded API (discovery and
/// its cache, Services with defaults and status, ReplicationControllers, ConfigMaps, Nodes, metadata-only lists,
/// server-side apply). .ci/run installs both packages; kubernetes_e2e_base.py stands in for the helper module that
/// Debian does not ship.
/// </summary>
public sealed class KubernetesPythonClientTests : IAsyncLifetime
{
    /// <summary>The tests left out, each with the reason; everything else in the two modules must pass.</summary>
    private static readonly IReadOnlyDictionary<string, string> Deselected = new Dictionary<string, string>
    {
        ["test_cluster_custom_resources"] = "creates an apiextensions.k8s.io/v1beta1 CustomResourceDefinition: Kubernetes removed v1beta1 in 1.22",
        ["test_namespaced_custom_resources"] = "apiextensions.k8s.io/v1beta1, removed in Kubernetes 1.22",
        ["test_async_namespaced_custom_resources"] = "apiextensions.k8s.io/v1beta1, removed in Kubernetes 1.22",
        ["test_cache_decoder_resource_and_subresource"] =
            "asserts two Resource objects decoded separately are ==, but Resource in python3-kubernetes 22.6 has no __eq__ (identity), "
            + "so it fails against any server; their to_dict() are equal here",
    };

    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"mesh-pyclient-{Guid.NewGuid():N}");
    private LocalSession? _session;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        _session = await LocalSession.StartAsync(new LocalModeOptions
        {
            KubeconfigPath = Path.Combine(_dir, "kubeconfig"),
            XdsPort = 0,
            HttpPort = 0,
            XdsTlsPort = 0,
        });
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
            // kubectl's cache still open: the OS cleans the temp folder.
        }
    }

    [Fact]
    public async Task The_python_clients_dynamic_client_e2e_tests_pass_against_local_mode()
    {
        var kubectl = new Kubectl(_session!.KubeconfigPath, Path.Combine(_dir, "cache"));
        // test_node_apis reads every Node's labels: wait for local mode's simulated Nodes so it cannot pass on none.
        await Eventually.True(async () => (await kubectl.RunAsync("get", "nodes", "-o", "name")).StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length == 3,
            "local mode registers its three simulated Nodes", TimeSpan.FromSeconds(30));

        File.Exists("/usr/bin/python3").Should().BeTrue("the tests run under Debian's python3 (apt-get install python3-kubernetes python3-pytest; .ci/run does)");
        var start = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _dir,
        };
        var keep = string.Join(" and ", Deselected.Keys.Select(k => $"not {k}"));
        foreach (var arg in new[]
        {
            "-m", "pytest", "-p", "kubernetes_e2e_base", "-p", "no:cacheprovider", "-q", "-rA",
            "--pyargs", "kubernetes.dynamic.test_client", "kubernetes.dynamic.test_discovery", "-k", keep,
        })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["KUBECONFIG"] = _session.KubeconfigPath;
        start.Environment["PYTHONPATH"] = RepoPaths.Of("tests", "EndToEnd.Tests", "Install", "python");
        start.Environment["TMPDIR"] = _dir; // the dynamic client's discovery cache file
        start.Environment["PYTHONDONTWRITEBYTECODE"] = "1"; // no __pycache__ in the source tree
        using var process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        var output = await stdout + await stderr;

        output.Should().NotContain("No module named", "python3-kubernetes and python3-pytest must be installed (.ci/run installs them)");
        process.ExitCode.Should().Be(0, $"every dynamic-client e2e test but the deselected ones must pass:\n{output}");
        output.Should().Contain("10 passed, 4 deselected", $"the two modules hold 14 tests, 4 deselected with their reasons:\n{output}");
        foreach (var test in new[] { "test_service_apis", "test_replication_controller_apis", "test_node_apis", "test_node_apis_partial_object_metadata", "test_server_side_apply_api" })
        {
            output.Should().MatchRegex($"PASSED .*::{test}\\b", $"{test} must run and pass");
        }
    }
}
