using System.Text.Json.Nodes;
using Google.Protobuf;
using k8s;
using k8s.Models;
using Mesh.LocalCluster.Http;
using Mesh.LocalCluster.Validation;
using Mesh.Operator.Entities;
using Mesh.Operator.Local;
using Mesh.Operator.Planning;
using Mesh.Operator.Publishing;
using Mesh.Testing;
using Mesh.XdsServer.Model;
using Mesh.XdsServer.Snapshots;
using Mesh.XdsServer.Translation;
using Mesh.XdsServer.Validation;

namespace Mesh.Operator.Tests.Robustness;

/// <summary>
/// One MeshPolicy through everything that reads it, as the API server and the operator would: CRD admission
/// (schema + CEL, the embedded API's code), the planner against the shop sample's namespace, and for an accepted
/// plan the translator for the proxyless scope and every selected pod's sidecar, each resource through the envoy
/// validate rules and every scope's resources through the snapshot consistency checks. Shared by the property tests
/// and the fuzz target (fuzz/Mesh.Fuzz links this file): any exception escaping <see cref="Run"/> is a bug.
/// </summary>
public static class PolicyPipeline
{
    public const string Namespace = "shop";

    private static readonly Lazy<StructuralSchema> Schema = new(() =>
    {
        var crd = YamlToJson.ConvertAll(File.ReadAllText(Path.Combine(RepoPaths.Crd, "mesh.dev_meshpolicies.yaml"))).Single()!;
        var version = crd["spec"]!["versions"]!.AsArray().Single(v => (bool?)v!["storage"] == true)!;
        return StructuralSchema.Parse(version["schema"]!["openAPIV3Schema"]!.AsObject());
    });

    private static readonly Lazy<NamespaceState> Shop = new(LoadShop);

    /// <summary>The shop sample's namespace with the pods and EndpointSlices local mode simulates; no MeshPolicy.</summary>
    public static NamespaceState ShopState => Shop.Value;

    /// <summary>Admits, plans, translates and validates; throws only on a bug (a crash of any stage).</summary>
    public static PipelineOutcome Run(JsonObject policyJson)
    {
        ArgumentNullException.ThrowIfNull(policyJson);
        var admission = SchemaAdmission.Admit(Schema.Value, policyJson, oldObj: null, strictUnknownFields: true);
        if (admission.Errors.Count > 0 || admission.UnknownFields.Count > 0)
        {
            return new PipelineOutcome
            {
                Admitted = false,
                AdmissionErrors = [.. admission.Errors.Select(e => e.ToString()), .. admission.UnknownFields.Select(f => $"{f}: unknown field")],
            };
        }

        // The API server stores what admission left (pruned, defaulted); the operator reads that back.
        var policy = KubernetesJson.Deserialize<MeshPolicy>(policyJson.ToJsonString());
        policy.Metadata.NamespaceProperty = Namespace;
        policy.Metadata.Generation ??= 1;
        policy.Metadata.CreationTimestamp ??= new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var state = Shop.Value with { Policies = [policy] };
        var plan = MeshPlanner.Plan(policy, state);
        if (!plan.IsAccepted)
        {
            return new PipelineOutcome { Admitted = true, Plan = plan };
        }

        var published = PublishedPolicy.From(plan, state);
        var model = new MeshModel
        {
            Version = "",
            TrustDomain = published.TrustDomain,
            Services = published.Services,
            EgressByNamespace = new Dictionary<string, EgressPolicy> { [Namespace] = published.Egress },
            MtlsByNamespace = new Dictionary<string, Mesh.XdsServer.Model.MtlsMode> { [Namespace] = published.Mtls },
            ObservabilityByNamespace = new Dictionary<string, ObservabilityPolicy> { [Namespace] = published.Observability },
            Workloads = published.Workloads,
            Policies = [new MeshPolicyRef { Namespace = Namespace, Name = published.Name, Generation = published.Generation }],
        };

        var scopes = new List<ProxyScope> { new() { Namespace = "", Kind = ProxyKind.ProxylessGrpc } };
        scopes.AddRange(state.Pods.Where(p => plan.SelectedPods.Contains(p.Metadata.Name)).Select(p => new ProxyScope
        {
            Namespace = Namespace,
            ServiceAccount = p.Spec?.ServiceAccountName is { Length: > 0 } sa ? sa : "default",
            Labels = new Dictionary<string, string>(p.Metadata.Labels ?? new Dictionary<string, string>()),
        }).Distinct());

        var errors = new List<string>();
        var translations = new List<TranslatedResources>();
        foreach (var scope in scopes)
        {
            var resources = MeshTranslator.TranslateOnce(model, scope);
            translations.Add(resources);
            var messages = resources.All().ToList();
            errors.AddRange(messages.SelectMany(m => ProtoValidator.Validate(m)).Select(e => $"{scope.Kind} {scope.ServiceAccount}: {e}"));
            try
            {
                Snapshot.Create(messages);
            }
            catch (InvalidSnapshotException e)
            {
                errors.Add($"{scope.Kind} {scope.ServiceAccount}: {e.Message}");
            }
        }

        return new PipelineOutcome { Admitted = true, Plan = plan, Translations = translations, Errors = errors };
    }

    /// <summary>The bytes of every translated resource, in order: equal inputs must give equal bytes.</summary>
    public static byte[] Bytes(PipelineOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        using var stream = new MemoryStream();
        foreach (var message in outcome.Translations.SelectMany(t => t.All()))
        {
            message.WriteDelimitedTo(stream);
        }

        return stream.ToArray();
    }

    private static NamespaceState LoadShop()
    {
        var types = new Dictionary<string, Type>
        {
            ["v1/Service"] = typeof(V1Service),
            ["v1/ServiceAccount"] = typeof(V1ServiceAccount),
            ["v1/Namespace"] = typeof(V1Namespace),
            ["apps/v1/Deployment"] = typeof(V1Deployment),
            ["mesh.dev/v1alpha1/MeshPolicy"] = typeof(MeshPolicy),
        };
        var objects = Directory.GetFiles(Path.Combine(RepoPaths.Samples, Namespace), "*.yaml").Order(StringComparer.Ordinal)
            .SelectMany(f => KubernetesYaml.LoadAllFromString(File.ReadAllText(f), types)).ToList();
        var services = objects.OfType<V1Service>().ToList();
        var simulated = WorkloadSimulator.Simulate(objects.OfType<V1Deployment>(), [], services);
        return new NamespaceState
        {
            Namespace = Namespace,
            Services = services,
            ServiceAccounts = objects.OfType<V1ServiceAccount>().ToList(),
            Pods = simulated.Pods.ToList(),
            EndpointSlices = simulated.EndpointSlices.ToList(),
        };
    }
}
