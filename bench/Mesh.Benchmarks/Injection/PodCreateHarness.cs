using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Mesh.LocalCluster;
using Mesh.Operator.Hosting;
using Mesh.XdsServer.Contract;

namespace Mesh.Benchmarks.Injection;

/// <summary>
/// Pod create latency through the embedded API, with and without the sidecar injector in the path. Usage:
/// <c>pod-create [pods]</c> (default 300 per case, after 30 warm-up creates). Cases, each timed from request sent to
/// response read, sequentially over HTTP as kubectl would:
/// <list type="bullet">
/// <item>no webhook: a bare embedded API with no webhook configuration;</item>
/// <item>webhook, pod injected: local mode with the shop sample, pods the shop policy selects;</item>
/// <item>webhook, no policy: local mode, a namespace without a MeshPolicy (the injector is called and admits untouched).</item>
/// </list>
/// </summary>
internal static class PodCreateHarness
{
    public static async Task<int> RunAsync(string[] args)
    {
        var pods = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 300;
        await using (var bare = await LocalApiServer.StartAsync(new LocalApiServerOptions()))
        {
            using var client = new HttpClient { BaseAddress = bare.BaseAddress };
            await CreateNamespaceAsync(client, "plain");
            Report("no webhook", await TimeCreatesAsync(client, "plain", pods, member: false), pods);
        }

        var directory = Path.Combine(Path.GetTempPath(), "mesh-podcreate-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            await using var session = await LocalSession.StartAsync(new LocalModeOptions
            {
                KubeconfigPath = Path.Combine(directory, "kubeconfig"),
                XdsPort = null,
                XdsTlsPort = 0,
                HttpPort = 0,
                Apply = [Path.Combine(RepoRoot(), "config", "samples", "shop")],
            });
            using var client = new HttpClient { BaseAddress = session.Api.BaseAddress };
            var injected = await TimeCreatesAsync(client, "shop", pods, member: true);
            var sample = await client.GetStringAsync("/api/v1/namespaces/shop/pods/bench-0");
            if (!sample.Contains(SidecarContract.ProxyContainerName, StringComparison.Ordinal))
            {
                Console.Error.WriteLine("the shop's pods were not injected: the webhook is not in the path");
                return 1;
            }
            Report("webhook, pod injected", injected, pods);
            await CreateNamespaceAsync(client, "nopolicy");
            Report("webhook, no policy", await TimeCreatesAsync(client, "nopolicy", pods, member: true), pods);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }

        return 0;
    }

    private static async Task<double[]> TimeCreatesAsync(HttpClient client, string ns, int pods, bool member)
    {
        const int warmUp = 30;
        var millis = new double[pods];
        for (var i = 0; i < pods + warmUp; i++)
        {
            var name = i < warmUp ? $"warm-{i}" : $"bench-{i - warmUp}";
            var labels = member ? """{"app":"bench","mesh.dev/member":"true"}""" : """{"app":"bench"}""";
            var body = $$$"""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"{{{name}}}","labels":{{{labels}}}},"spec":{"containers":[{"name":"app","image":"example/app:1","ports":[{"containerPort":8080}]}]}}""";
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            var start = Stopwatch.GetTimestamp();
            using var response = await client.PostAsync($"/api/v1/namespaces/{ns}/pods", content);
            await response.Content.ReadAsByteArrayAsync();
            var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (response.StatusCode != HttpStatusCode.Created)
            {
                throw new InvalidOperationException($"pod create in {ns} answered {(int)response.StatusCode}");
            }
            if (i >= warmUp)
            {
                millis[i - warmUp] = elapsed;
            }
        }

        Array.Sort(millis);
        return millis;
    }

    private static async Task CreateNamespaceAsync(HttpClient client, string name)
    {
        using var content = new StringContent($$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{name}}}"}}""", Encoding.UTF8, "application/json");
        using var response = await client.PostAsync("/api/v1/namespaces", content);
        response.EnsureSuccessStatusCode();
    }

    private static void Report(string label, double[] sorted, int pods)
    {
        double P(double q) => sorted[Math.Min(pods - 1, (int)Math.Ceiling(q * pods) - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label,-22} pods: {pods}, p50: {P(0.50):0.00} ms, p90: {P(0.90):0.00} ms, p99: {P(0.99):0.00} ms, mean: {sorted.Average():0.00} ms"));
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Mesh.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("run from inside the repository (Mesh.sln not found above the binary)");
    }
}
