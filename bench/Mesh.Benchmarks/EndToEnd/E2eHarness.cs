using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using k8s;
using k8s.Models;
using Mesh.LocalCluster;
using Mesh.Operator.Entities;
using Mesh.Operator.Hosting;
using Mesh.Operator.Runtime;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mesh.Benchmarks.EndToEnd;

/// <summary>
/// End to end through the operator (not a test; bounded; loopback only): the embedded API in this process, the
/// operator in a child process (<see cref="OperatorChild"/>), the mesh written through the API (<see cref="E2eWorld"/>)
/// and simulated sidecars on the mTLS xDS port with their workload certificates (<see cref="E2eSidecar"/>).
/// Scenarios: initial sync, working set at rest, S3 (MeshPolicy weight edit), S5 (endpoint changes through the API at
/// a bounded rate), cold start (operator restart with the sidecars reconnecting; status writes counted).
/// Arguments: <c>e2e [--sidecars N] [--services N] [--sotw] [--scoped] [--rate R] [--seconds S] [--edits E]</c>. Each scenario
/// also prints the harness's own CPU next to the operator's: both share the machine's cores.
/// </summary>
internal static class E2eHarness
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(5);

    public static async Task<int> RunAsync(string[] args)
    {
        var sidecars = Arg(args, "--sidecars", 200);
        var services = Arg(args, "--services", 1000);
        var rate = Arg(args, "--rate", 20);
        var seconds = Arg(args, "--seconds", 20);
        var edits = Arg(args, "--edits", 5);
        var delta = !args.Contains("--sotw");
        // --scoped: every policy lists ./* under egress.services, so each sidecar is configured for its namespace only.
        var scoped = args.Contains("--scoped");
        using var overall = new CancellationTokenSource(TimeSpan.FromMinutes(25));
        var ct = overall.Token;
        Say($"e2e: {services} services x 10 endpoints in {E2eWorld.Namespaces} namespaces, {sidecars} {(delta ? "delta" : "SotW")} sidecars; " +
            $"S5 {rate} changes/s for {seconds} s; {(scoped ? "sidecars scoped to their namespace (egress.services ./*)" : "every sidecar sees every service")}; " +
            $"{Environment.ProcessorCount} cores; loadavg {Load()}");

        await using var apiServer = await LocalApiServer.StartAsync(new LocalApiServerOptions(), ct);
        var kubeconfig = Path.GetFullPath(apiServer.WriteKubeconfig(Path.Combine(Path.GetTempPath(), $"mesh-e2e-{Environment.ProcessId}", "config")));
        using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
        var api = new KubeApi(client);
        await new ManifestApplier(api, TimeProvider.System, NullLogger.Instance)
            .ApplyYamlAsync(["apiVersion: v1\nkind: Namespace\nmetadata:\n  name: mesh-system\n", .. LocalSession.EmbeddedCrds()], ct);
        var world = new E2eWorld(api, services, sidecars, scoped);
        var clock = Stopwatch.StartNew();
        await world.CreateAsync(ct);
        Say($"world written through the API in {clock.Elapsed.TotalSeconds:0.0} s");

        var tlsPort = FreePort();
        var httpPort = FreePort();
        var baseline = Cpus.Read(null);
        var child = OperatorChild.Start(kubeconfig, tlsPort, httpPort);
        try
        {
            var started = Stopwatch.GetTimestamp();
            // One workload certificate per namespace: the SPIFFE identity names the namespace and the ServiceAccount.
            var certificates = new List<(X509Certificate2 Certificate, X509Certificate2Collection Roots)>();
            for (var k = 0; k < E2eWorld.Namespaces; k++)
            {
                certificates.Add(await CertificatesAsync(api, E2eWorld.Ns(k), ct));
            }
            Say($"workload certificates issued {Ms(Stopwatch.GetElapsedTime(started))} after the operator started");
            var edsNames = world.EdsNames();
            var fleet = Enumerable.Range(0, sidecars)
                .Select(j => new E2eSidecar(new Uri($"https://127.0.0.1:{tlsPort}"), world.NodeId(j), certificates[j % E2eWorld.Namespaces].Certificate,
                    certificates[j % E2eWorld.Namespaces].Roots, scoped ? world.EdsNamesIn(j % E2eWorld.Namespaces) : edsNames, delta))
                .ToList();
            fleet.ForEach(s => s.Start());
            await WaitAsync(() => fleet.All(s => s.Synced), "every sidecar ACKed CDS, EDS, LDS and RDS", ct);
            Say($"initial sync: all {sidecars} sidecars ACKed every type {Ms(Stopwatch.GetElapsedTime(started))} after the operator started (certificates issued meanwhile); CPU {Cpus.Read(child) - baseline}");

            // E2E_REST_SECONDS lengthens the rest so that a profiler (dotnet-counters, dotnet-gcdump) can be attached.
            await Task.Delay(TimeSpan.FromSeconds(int.TryParse(Environment.GetEnvironmentVariable("E2E_REST_SECONDS"), out var rest) ? rest : 10), ct);
            Say($"at rest: operator working set {child.WorkingSetMiB():0} MiB (aim <= 1 GB)");

            await S3Async(world, child, fleet, httpPort, edits, ct);
            await S5Async(apiServer, world, fleet, child, httpPort, rate, seconds, ct);
            child = await ColdStartAsync(api, child, kubeconfig, tlsPort, httpPort, fleet, ct);
            Say($"done; loadavg {Load()}");
            foreach (var sidecar in fleet)
            {
                await sidecar.DisposeAsync();
            }
            certificates.ForEach(c => c.Certificate.Dispose());
        }
        finally
        {
            child.Dispose();
        }
        return 0;
    }

    /// <summary>
    /// S3: <paramref name="edits"/> weight edits of ns-0's policy, one after another (each once every sidecar ACKed
    /// the last). The first edit after start runs the operator's route-change path for the first time (tier-0 JIT code,
    /// cold memo entries), so it is reported alone as well as in the p50/p99 over every (edit, sidecar) pair.
    /// </summary>
    private static async Task S3Async(E2eWorld world, OperatorChild child, List<E2eSidecar> fleet, int httpPort, int edits, CancellationToken ct)
    {
        var metrics = await OperatorMetrics.ScrapeAsync(httpPort, ct);
        // Scoped, only ns-0's sidecars hold ns-0's routes; the others must receive nothing at all.
        var affected = Enumerable.Range(0, fleet.Count).Where(j => !world.Scoped || j % E2eWorld.Namespaces == 0).ToList();
        var unaffected = Enumerable.Range(0, fleet.Count).Except(affected).ToList();
        var before = Counts(fleet);
        var unaffectedBefore = Counts(unaffected.Select(j => fleet[j]).ToList());
        var cpu = Cpus.Read(child);
        var all = new List<double>();
        for (var e = 0; e < edits; e++)
        {
            var acks = fleet.Select(s => s.LastAck(3)).ToArray();
            // The sidecars and the API live in this process: its own collections pause them (an edit's outlier may be ours).
            var (paused, gen2) = (GC.GetTotalPauseDuration(), GC.CollectionCount(2));
            var start = Stopwatch.GetTimestamp();
            await world.EditWeightsAsync(0, e % 2 == 0 ? 80 : 70, ct);
            await WaitAsync(() => affected.All(j => fleet[j].LastAck(3) != acks[j]), "every affected sidecar ACKed the new route configuration", ct);
            var latencies = affected.Select(j => Stopwatch.GetElapsedTime(start, fleet[j].LastAck(3)).TotalMilliseconds).Order().ToArray();
            all.AddRange(latencies);
            Say($"S3 edit {e + 1}/{edits}: ACKed p50 {latencies[latencies.Length / 2]:0} ms, p99 {P99(latencies):0} ms, max {latencies[^1]:0} ms; " +
                $"the harness's own GC paused it {(GC.GetTotalPauseDuration() - paused).TotalMilliseconds:0} ms ({GC.CollectionCount(2) - gen2} gen2)");
        }
        var used = Cpus.Read(child) - cpu;
        await Task.Delay(TimeSpan.FromSeconds(2), ct); // anything else the edits would push arrives meanwhile
        var pushed = Delta(before, Counts(fleet));
        var sorted = all.Order().ToArray();
        Say($"S3 {edits} weight edits of ns-0 ({affected.Count} affected sidecars{(world.Scoped ? "" : ": every sidecar sees ns-0's route configuration")}): ACKed p50 {sorted[sorted.Length / 2]:0} ms, " +
            $"p99 {P99(sorted):0} ms, max {sorted[^1]:0} ms over {sorted.Length} (edit, sidecar) pairs (aim p99 <= 300 ms); responses per type CDS/EDS/LDS/RDS {pushed} " +
            $"(aim: RDS only, {edits * affected.Count}); to the {unaffected.Count} unaffected sidecars {Delta(unaffectedBefore, Counts(unaffected.Select(j => fleet[j]).ToList()))} (aim: nothing); CPU during the edits {used}");
        Say($"S3 operator breakdown: {(await OperatorMetrics.ScrapeAsync(httpPort, ct)).BreakdownSince(metrics)}");
    }

    private static async Task S5Async(LocalApiServer apiServer, E2eWorld world, List<E2eSidecar> fleet, OperatorChild child, int httpPort, int rate, int seconds, CancellationToken ct)
    {
        var metrics = await OperatorMetrics.ScrapeAsync(httpPort, ct);
        var written = new ConcurrentDictionary<string, long>();
        // When each write's last API call returned: splits the latency into the API's share (the GET and PUT, in this
        // process) and what follows the write (watch delivery, the operator, the push, the sidecar's decode).
        var done = new ConcurrentDictionary<string, long>();
        // When the API stored each change: the write as the API server sees it, whatever the saturated harness's client
        // (in this process, beside 2,000 sidecars) makes of it. The marker is the slice's first address.
        var committed = new ConcurrentDictionary<string, long>();
        using var commits = apiServer.ObserveCommits("discovery.k8s.io", "endpointslices", slice =>
        {
            if (slice["endpoints"]?[0]?["addresses"]?[0]?.GetValue<string>() is { } address && address.StartsWith("10.250.", StringComparison.Ordinal))
            {
                committed.TryAdd(address, Stopwatch.GetTimestamp());
            }
        });
        var expected = new ConcurrentDictionary<string, int>();
        var seen = new ConcurrentDictionary<string, ConcurrentDictionary<int, long>>();
        // Latency is tracked on at most 200 sidecars spread over the fleet (every one up to 200): a (change, sidecar)
        // pair per change and sidecar of a larger fleet would cost the harness more memory and CPU than it measures.
        var step = Math.Max(1, fleet.Count / 200);
        // Blocks of consecutive sidecars, so that every namespace (sidecar j is in ns-(j % 10)) has tracked sidecars.
        var tracked = Enumerable.Range(0, fleet.Count).Where(p => p / E2eWorld.Namespaces % step == 0).ToList();
        foreach (var p in tracked)
        {
            var index = p;
            fleet[p].OnMarker = (marker, at) => seen.GetOrAdd(marker, _ => new ConcurrentDictionary<int, long>()).TryAdd(index, at);
        }
        var before = Counts(fleet);
        var cpu = child.Cpu();
        var both = Cpus.Read(child);
        var memory = child.WorkingSetMiB();
        var wall = Stopwatch.StartNew();
        var total = rate * seconds;
        var writes = new List<Task>();
        var failed = new ConcurrentDictionary<string, string>();
        async Task WriteAsync(int n, string marker)
        {
            try
            {
                await world.ChangeEndpointAsync(n / world.ServicesPerNamespace, n % world.ServicesPerNamespace, marker, ct);
                done[marker] = Stopwatch.GetTimestamp();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // An overloaded API refusing or resetting a write: report it, do not wait for a change that never was.
                failed[marker] = $"{e.GetType().Name}: {e.Message}";
                written.TryRemove(marker, out _);
            }
        }
        for (var c = 0; c < total; c++)
        {
            var due = TimeSpan.FromSeconds((double)c / rate);
            if (due > wall.Elapsed)
            {
                await Task.Delay(due - wall.Elapsed, ct);
            }
            var marker = $"10.250.{c / 250}.{c % 250}";
            var n = c * 7919 % (E2eWorld.Namespaces * world.ServicesPerNamespace);
            // Scoped, a change reaches the tracked sidecars of its own namespace only.
            expected[marker] = world.Scoped ? tracked.Count(p => p % E2eWorld.Namespaces == n / world.ServicesPerNamespace) : tracked.Count;
            written[marker] = Stopwatch.GetTimestamp();
            writes.Add(WriteAsync(n, marker));
        }
        await Task.WhenAll(writes);
        if (!failed.IsEmpty)
        {
            Say($"S5: {failed.Count} of {total} writes failed at the API and are not counted, e.g. {failed.First().Value}");
        }
        var offered = wall.Elapsed;
        try
        {
            await WaitAsync(() => written.Keys.All(m => (seen.TryGetValue(m, out var s) ? s.Count : 0) >= expected[m]), "every change ACKed by every tracked sidecar it reaches", ct, TimeSpan.FromSeconds(120));
        }
        catch (TimeoutException e)
        {
            // Report what arrived: the missing pairs are counted below.
            Say(e.Message);
        }
        var used = child.Cpu() - cpu;
        var shares = Cpus.Read(child) - both;
        var window = wall.Elapsed;
        var all = written.SelectMany(w => seen.TryGetValue(w.Key, out var s) ? s.Values.Select(at => Stopwatch.GetElapsedTime(w.Value, at).TotalMilliseconds) : []).Order().ToArray();
        var missing = written.Keys.Sum(m => (long)expected[m]) - all.Length;
        if (all.Length == 0)
        {
            all = [double.NaN];
        }
        Say($"S5 {total} endpoint changes in {offered.TotalSeconds:0.0} s ({total / offered.TotalSeconds:0} /s) through the API: write started (harness) -> sidecar ACK " +
            $"p50 {all[all.Length / 2]:0} ms, p99 {P99(all):0} ms, max {all[^1]:0} ms over {all.Length} (change, sidecar) pairs of {tracked.Count} tracked sidecars, {missing} missing (aim p99 <= 500 ms)");
        var toCommit = Elapsed(written, committed);
        var toReturn = Elapsed(written, done);
        var fromCommit = committed.SelectMany(w => seen.TryGetValue(w.Key, out var s) ? s.Values.Select(at => Stopwatch.GetElapsedTime(w.Value, at).TotalMilliseconds) : []).Order().ToArray();
        if (toCommit.Length > 0 && fromCommit.Length > 0)
        {
            Say($"S5 API commit -> sidecar ACK p50 {fromCommit[fromCommit.Length / 2]:0} ms, p99 {P99(fromCommit):0} ms, max {fromCommit[^1]:0} ms over {fromCommit.Length} pairs " +
                $"(aim p99 <= 500 ms); the harness's own client (GET + PUT, in this process): write started -> stored p50 {toCommit[toCommit.Length / 2]:0} ms, p99 {P99(toCommit):0} ms, " +
                $"-> returned p50 {toReturn[toReturn.Length / 2]:0} ms, p99 {P99(toReturn):0} ms");
        }
        Say($"S5 operator CPU {used.TotalSeconds / window.TotalSeconds:0.00} cores averaged over {window.TotalSeconds:0.0} s (aim <= 1.2; the embedded API and the sidecars run in the harness process); " +
            $"working set {memory:0} -> {child.WorkingSetMiB():0} MiB; responses per type CDS/EDS/LDS/RDS {Delta(before, Counts(fleet))} (aim CDS = LDS = 0); CPU {shares}");
        Say($"S5 operator breakdown: {(await OperatorMetrics.ScrapeAsync(httpPort, ct)).BreakdownSince(metrics)}");
        tracked.ForEach(p => fleet[p].OnMarker = null);
    }

    private static async Task<OperatorChild> ColdStartAsync(KubeApi api, OperatorChild child, string kubeconfig, int tlsPort, int httpPort, List<E2eSidecar> fleet, CancellationToken ct)
    {
        var list = await api.ListAsync<MeshPolicy>(ResourceKinds.MeshPolicy, null, ct);
        using var watchStop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var statusWrites = new StatusWriteLog(list.Items);
        var watch = Task.Run(async () =>
        {
            try
            {
                await foreach (var e in api.WatchAsync<MeshPolicy>(ResourceKinds.MeshPolicy, null, list.ResourceVersion, watchStop.Token))
                {
                    if (e.Type == WatchEventType.Modified && e.Object is { } policy)
                    {
                        statusWrites.Add(policy);
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // The window closed.
            }
        }, ct);
        var reconnects = fleet.Select(s => s.Reconnects).ToArray();
        child.Dispose();
        var baseline = Cpus.Read(null);
        var start = Stopwatch.GetTimestamp();
        var next = OperatorChild.Start(kubeconfig, tlsPort, httpPort);
        Say($"cold start: operator restarted as pid {next.Pid}");
        // When the new process answers on its HTTP port: what follows is the fleet coming back, not the process starting.
        var up = Task.Run(async () =>
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };
            while (!ct.IsCancellationRequested)
            {
                try
                {
                    using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{httpPort}/healthz"), ct);
                    return Stopwatch.GetElapsedTime(start);
                }
                catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !ct.IsCancellationRequested))
                {
                    // Not listening yet, or (a start under a profiler) not answering within the client's second.
                    await Task.Delay(20, ct);
                }
            }
            return TimeSpan.Zero;
        }, ct);
        try
        {
            return await ReconnectedAsync(next, fleet, reconnects, start, baseline, up, statusWrites, watch, watchStop, ct);
        }
        catch
        {
            // The caller holds the old child (disposed above): the new one is this method's to stop.
            next.Dispose();
            throw;
        }
    }

    private static async Task<OperatorChild> ReconnectedAsync(
        OperatorChild next, List<E2eSidecar> fleet, int[] reconnects, long start, Cpus baseline, Task<TimeSpan> up,
        StatusWriteLog statusWrites, Task watch, CancellationTokenSource watchStop, CancellationToken ct)
    {
        await WaitAsync(() => fleet.Select((s, i) => s.Reconnects > reconnects[i] && s.Synced).All(x => x), "every sidecar reconnected and ACKed every type", ct);
        var synced = Stopwatch.GetElapsedTime(start);
        var syncTimes = fleet.Select(s => Stopwatch.GetElapsedTime(start, s.SyncedAt).TotalMilliseconds).Order().ToArray();
        var cpu = Cpus.Read(next) - baseline;
        // Status settles after the proxies report: count writes for 10 s more.
        await Task.Delay(TimeSpan.FromSeconds(10), ct);
        await watchStop.CancelAsync();
        await watch;
        Say($"cold start: operator restarted, all {fleet.Count} sidecars reconnected and ACKed every type in {Ms(synced)} (aim <= 10 s); " +
            $"CPU until then {cpu}; MeshPolicy writes from the restart until 10 s after all ACKed: {statusWrites.Count} for {E2eWorld.Namespaces} policies, classified:");
        Say($"cold start timeline from the restart: operator answering /healthz at {Ms(await up)}; sidecars synced first {syncTimes[0]:F0} ms, " +
            $"p50 {syncTimes[syncTimes.Length / 2]:F0} ms, p90 {syncTimes[syncTimes.Length * 9 / 10]:F0} ms, last {syncTimes[^1]:F0} ms; " +
            $"the stream that synced opened at {Spread(fleet.Select(s => s.AttemptAt), start)}, its first response at {Spread(fleet.Select(s => s.FirstResponseAt), start)}; " +
            $"streams opened per sidecar since the restart {Spread(fleet.Select((s, i) => (long)(s.Reconnects - reconnects[i])))}");
        foreach (var line in statusWrites.Report(60))
        {
            Say(line);
        }
        return next;
    }

    /// <summary>First, p50, p90 and last of Stopwatch timestamps as milliseconds after <paramref name="start"/>.</summary>
    private static string Spread(IEnumerable<long> stamps, long start) =>
        Spread(stamps.Select(t => (long)Stopwatch.GetElapsedTime(start, t).TotalMilliseconds));

    private static string Spread(IEnumerable<long> values)
    {
        var sorted = values.Order().ToArray();
        return $"{sorted[0]}/{sorted[sorted.Length / 2]}/{sorted[sorted.Length * 9 / 10]}/{sorted[^1]}";
    }

    private static async Task<(X509Certificate2 Certificate, X509Certificate2Collection Roots)> CertificatesAsync(KubeApi api, string ns, CancellationToken ct)
    {
        V1Secret? secret = null;
        await WaitAsync(() =>
        {
            secret = api.GetAsync<V1Secret>(ResourceKinds.Secret, ObjectKey.Create(ns, "mesh-workload-" + E2eWorld.Account), ct).GetAwaiter().GetResult();
            return secret?.Data?.ContainsKey("tls.crt") == true;
        }, "the operator issued the workload certificate", ct);
        string Pem(string key) => System.Text.Encoding.ASCII.GetString(secret!.Data[key]);
        using var pem = X509Certificate2.CreateFromPem(Pem("tls.crt"), Pem("tls.key"));
        var certificate = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        var roots = new X509Certificate2Collection();
        roots.ImportFromPem(Pem("ca.crt"));
        return (certificate, roots);
    }

    private static long[] Counts(List<E2eSidecar> fleet) => Enumerable.Range(0, 4).Select(t => fleet.Sum(s => s.Responses(t))).ToArray();

    private static string Delta(long[] before, long[] after) => string.Join("/", after.Select((a, i) => a - before[i]));

    private static async Task WaitAsync(Func<bool> condition, string what, CancellationToken ct, TimeSpan? bound = null)
    {
        var limit = Stopwatch.StartNew();
        while (!condition())
        {
            if (limit.Elapsed > (bound ?? Bound))
            {
                throw new TimeoutException($"not within {(bound ?? Bound).TotalSeconds:0} s: {what}");
            }
            await Task.Delay(50, ct);
        }
    }

    /// <summary>Sorted milliseconds from each start to its end, for the keys that have both.</summary>
    private static double[] Elapsed(ConcurrentDictionary<string, long> starts, ConcurrentDictionary<string, long> ends) =>
        starts.Where(w => ends.ContainsKey(w.Key)).Select(w => Stopwatch.GetElapsedTime(w.Value, ends[w.Key]).TotalMilliseconds).Order().ToArray();

    private static double P99(double[] sorted) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(sorted.Length * 0.99) - 1)];

    private static string Ms(TimeSpan t) => $"{t.TotalMilliseconds:0} ms";

    private static string Load() => File.ReadAllText("/proc/loadavg").Trim();

    private static void Say(string line) => Console.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {line}");

    private static int Arg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
