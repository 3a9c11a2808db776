using k8s.Models;
using Mesh.Operator.Entities;
using Mesh.Operator.Local;
using Mesh.Operator.Planning;

namespace Mesh.Meshctl.Analysis;

/// <summary>What <see cref="Analyzer.Analyze"/> found: diagnostics in a stable order, and how many policies it read.</summary>
internal sealed record AnalysisResult(IReadOnlyList<Diagnostic> Diagnostics, int PolicyCount)
{
    /// <summary>0 clean, 1 warnings only, 2 any error.</summary>
    public int ExitCode => Diagnostics.Count == 0 ? 0 : (int)Diagnostics.Max(d => d.Severity);
}

/// <summary>
/// Pure: a <see cref="ManifestSet"/> in, diagnostics out. Per namespace with a MeshPolicy: the CRD schema (for policies
/// read from files), the operator's own planner, then what the planner does not report: Service ports whose protocol
/// cannot be inferred, selected pods without a sidecar, and proxies that NACKed a policy's config.
/// Deployments and Jobs read from files stand for the pods their template would create, so selectors can be checked.
/// </summary>
internal static class Analyzer
{
    // File policies carry no creationTimestamp: they count as applied now, after every live one, in the order given
    // (kubectl apply -f a -f b), so that which policy is "older" for Service ownership matches what applying would do.
    private static readonly DateTime AppliedFromFiles = new(9000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static AnalysisResult Analyze(ManifestSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var synthesised = WorkloadSimulator.Simulate(set.Deployments.Values, set.Jobs.Values, set.Services.Values);
        var slicedServices = set.EndpointSlices.Values
            .Select(s => s.Metadata.Labels is { } labels && labels.TryGetValue("kubernetes.io/service-name", out var name) ? name : null)
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        var slices = set.EndpointSlices.Values
            .Concat(synthesised.EndpointSlices.Where(s => !slicedServices.Contains(s.Metadata.Labels["kubernetes.io/service-name"])))
            .ToList();
        var pods = set.Pods.Values.Concat(synthesised.Pods).ToList();
        var templatePods = synthesised.Pods.Select(p => ManifestSet.Key(p)).ToHashSet(StringComparer.Ordinal);

        var diagnostics = new List<Diagnostic>();
        var order = 0;
        var readable = new Dictionary<string, MeshPolicy>(StringComparer.Ordinal);
        foreach (var source in set.Policies.Values)
        {
            var schema = SchemaCheck.Check(source);
            diagnostics.AddRange(schema);
            if (schema.Count > 0)
            {
                continue;
            }
            if (source.Policy is null)
            {
                diagnostics.Add(PolicyDiagnostic(source.Namespace, source.Name, DiagnosticCodes.SchemaViolation, DiagnosticSeverity.Error, "",
                    $"cannot be read as a MeshPolicy ({source.ReadError}); fix the field it names."));
                continue;
            }
            var policy = source.Policy;
            if (policy.Metadata.CreationTimestamp is null)
            {
                // A copy: the input set stays as it was read.
                var metadata = k8s.KubernetesJson.Deserialize<V1ObjectMeta>(k8s.KubernetesJson.Serialize(policy.Metadata));
                metadata.CreationTimestamp = AppliedFromFiles.AddSeconds(order++);
                policy = new MeshPolicy { Metadata = metadata, Spec = policy.Spec, Status = policy.Status };
            }
            readable[ManifestSet.Key(source.Namespace, source.Name)] = policy;
        }

        foreach (var ns in readable.Values.Select(p => p.Metadata.NamespaceProperty).Distinct().Order(StringComparer.Ordinal))
        {
            var state = new NamespaceState
            {
                Namespace = ns,
                Policies = readable.Values.Where(p => p.Metadata.NamespaceProperty == ns).ToList(),
                Services = set.Services.Values.Where(s => s.Metadata.NamespaceProperty == ns).ToList(),
                EndpointSlices = slices.Where(s => s.Metadata.NamespaceProperty == ns).ToList(),
                Pods = pods.Where(p => p.Metadata.NamespaceProperty == ns).ToList(),
                ServiceAccounts = set.ServiceAccounts.Values.Where(s => s.Metadata.NamespaceProperty == ns).ToList(),
                ServicesNamedElsewhere = set.ServicesNamedElsewhere,
            };
            diagnostics.AddRange(AnalyzeNamespace(state, templatePods));
        }

        var sorted = diagnostics
            .Select((d, i) => (d, i))
            .OrderBy(x => x.d.Namespace, StringComparer.Ordinal)
            .ThenBy(x => KindRank(x.d.Kind))
            .ThenBy(x => x.d.Name, StringComparer.Ordinal)
            .ThenBy(x => x.i)
            .Select(x => x.d)
            .Distinct()
            .ToList();
        return new AnalysisResult(sorted, set.Policies.Count);
    }

    private static IEnumerable<Diagnostic> AnalyzeNamespace(NamespaceState state, HashSet<string> templatePods)
    {
        var listed = new HashSet<string>(StringComparer.Ordinal);
        var unmeshed = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var policy in state.Policies.OrderBy(p => p.Metadata.Name, StringComparer.Ordinal))
        {
            var plan = MeshPlanner.Plan(policy, state);
            foreach (var problem in plan.Problems)
            {
                yield return PolicyDiagnostic(state.Namespace, policy.Metadata.Name, ProblemCodes.Of(problem),
                    problem.Severity == ProblemSeverity.Error ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning, problem.Field, problem.Message);
            }
            foreach (var entry in policy.Spec.Services ?? [])
            {
                listed.Add(entry.Name);
            }
            foreach (var name in plan.SelectedPods)
            {
                unmeshed.TryAdd(name, policy.Metadata.Name);
            }
            if (NackDiagnostic(policy) is { } nack)
            {
                yield return nack;
            }
        }

        foreach (var (podName, policyName) in unmeshed)
        {
            var pod = state.Pods.First(p => p.Metadata.Name == podName);
            // A template's pod is what the workload would create before injection: the webhook adds the sidecar at
            // admission, so only real pods can be missing it.
            if (templatePods.Contains(ManifestSet.Key(pod)) || HasSidecar(pod) || pod.Status?.Phase is "Succeeded" or "Failed")
            {
                continue;
            }
            yield return new Diagnostic
            {
                Severity = DiagnosticSeverity.Warning,
                Code = DiagnosticCodes.PodWithoutSidecar,
                Kind = "Pod",
                Namespace = state.Namespace,
                Name = podName,
                Field = "metadata.labels",
                Message = $"MeshPolicy \"{policyName}\" selects this pod but it runs no sidecar (no {Mesh.XdsServer.Contract.SidecarContract.TlsModeLabel}={Mesh.XdsServer.Contract.SidecarContract.TlsModeMesh} label): it was created before injection was enabled or injection was skipped; restart its workload (kubectl rollout restart) so the webhook injects it.",
            };
        }

        foreach (var service in state.Services.OrderBy(s => s.Metadata.Name, StringComparer.Ordinal))
        {
            if (listed.Contains(service.Metadata.Name))
            {
                continue; // The planner reports its ports (MESH0112).
            }
            var ports = service.Spec?.Ports ?? [];
            for (var i = 0; i < ports.Count; i++)
            {
                if (ports[i].AppProtocol is { Length: > 0 })
                {
                    continue;
                }
                var hint = ProtocolHint(ports[i].Name);
                yield return new Diagnostic
                {
                    Severity = DiagnosticSeverity.Warning,
                    Code = DiagnosticCodes.ServicePortProtocolUnknown,
                    Kind = "Service",
                    Namespace = state.Namespace,
                    Name = service.Metadata.Name,
                    Field = $"spec.ports[{i}]",
                    Message = hint is null
                        ? $"port {ports[i].Port} has no appProtocol{(ports[i].Name is { Length: > 0 } n ? $" and its name \"{n}\" names no protocol" : " and no name")}, so the mesh cannot infer its protocol and treats it as TCP (no routes, retries or HTTP metrics); set appProtocol (http, http2, grpc or tcp)."
                        : $"port {ports[i].Port} has no appProtocol; its name \"{ports[i].Name}\" suggests {hint}, but the mesh reads appProtocol only and treats the port as TCP; set appProtocol: {hint}.",
                };
            }
        }
    }

    private static Diagnostic? NackDiagnostic(MeshPolicy policy)
    {
        var programmed = policy.Status?.Conditions?.FirstOrDefault(c => c.Type == ConditionTypes.Programmed);
        if (programmed is not { Status: ConditionStatus.False, Reason: ConditionReasons.ProxyRejected })
        {
            return null;
        }
        return PolicyDiagnostic(policy.Metadata.NamespaceProperty, policy.Metadata.Name, DiagnosticCodes.ProxiesRejectConfig, DiagnosticSeverity.Error,
            "status.conditions[Programmed]",
            $"proxies rejected (NACKed) this policy's config and keep their last good one: {programmed.Message.TrimEnd('.')}. Fix the field named there; kubectl describe meshpolicy {policy.Metadata.Name} -n {policy.Metadata.NamespaceProperty} shows the rejections.");
    }

    private static Diagnostic PolicyDiagnostic(string ns, string name, string code, DiagnosticSeverity severity, string field, string message) => new()
    {
        Severity = severity,
        Code = code,
        Kind = MeshPolicy.KubeKind,
        Namespace = ns,
        Name = name,
        Field = field,
        Message = message,
    };

    private static bool HasSidecar(V1Pod pod) =>
        pod.Metadata.Labels?.TryGetValue(Mesh.XdsServer.Contract.SidecarContract.TlsModeLabel, out var mode) == true
        && mode == Mesh.XdsServer.Contract.SidecarContract.TlsModeMesh;

    /// <summary>The protocol an Istio-style port name (http, http-web, grpc-api, http2) suggests, or null.</summary>
    private static string? ProtocolHint(string? name)
    {
        var prefix = name?.Split('-')[0].ToLowerInvariant();
        return prefix switch
        {
            "http" => "http",
            "http2" or "h2c" => "http2",
            "grpc" or "grpc-web" => "grpc",
            "tcp" => "tcp",
            _ => null,
        };
    }

    private static int KindRank(string kind) => kind switch
    {
        MeshPolicy.KubeKind => 0,
        "Service" => 1,
        _ => 2,
    };
}
