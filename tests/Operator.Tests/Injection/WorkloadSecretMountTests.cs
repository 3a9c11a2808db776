using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Mesh.Operator.Injection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mesh.Operator.Tests.Injection;

/// <summary>
/// Security checklist: a pod may not mount another ServiceAccount's workload certificate Secret (that would give it the
/// other workload's mesh identity); the injector refuses such a pod, directly or through a projected volume, and lets
/// its own Secret and unrelated Secrets through.
/// </summary>
public sealed class WorkloadSecretMountTests
{
    private static readonly InjectionCase Shop = InjectionCase.Load("native-with-user-init");

    [Fact]
    public void Another_service_accounts_workload_secret_is_found_directly_and_through_a_projected_volume()
    {
        var pod = Pod("reviews",
            new V1Volume { Name = "stolen", Secret = new V1SecretVolumeSource { SecretName = "mesh-workload-ratings" } },
            new V1Volume
            {
                Name = "bundle",
                Projected = new V1ProjectedVolumeSource { Sources = [new V1VolumeProjection { Secret = new V1SecretProjection { Name = "mesh-workload-details" } }] },
            });

        WorkloadSecretMounts.Foreign(pod).Should().Equal("volume 'stolen' mounts Secret 'mesh-workload-ratings'", "volume 'bundle' mounts Secret 'mesh-workload-details'");
        WorkloadSecretMounts.Refusal(pod, WorkloadSecretMounts.Foreign(pod)).Should().Contain("mesh-workload-reviews for ServiceAccount 'reviews'");
    }

    [Fact]
    public void Another_service_accounts_workload_secret_read_into_a_containers_environment_is_found()
    {
        var pod = Pod("reviews");
        pod.Spec.InitContainers =
        [
            new V1Container { Name = "setup", Image = "example.com/app:1", EnvFrom = [new V1EnvFromSource { SecretRef = new V1SecretEnvSource { Name = "mesh-workload-ratings" } }] },
        ];
        pod.Spec.Containers[0].Env =
        [
            new V1EnvVar { Name = "PLAIN", Value = "x" },
            new V1EnvVar { Name = "OWN", ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = "mesh-workload-reviews", Key = "tls.key" } } },
            new V1EnvVar { Name = "KEY", ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = "mesh-workload-details", Key = "tls.key" } } },
            new V1EnvVar { Name = "CERT", ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = "mesh-workload-details", Key = "tls.crt" } } },
        ];
        pod.Spec.EphemeralContainers =
        [
            new V1EphemeralContainer { Name = "debug", EnvFrom = [new V1EnvFromSource { SecretRef = new V1SecretEnvSource { Name = "mesh-workload-ratings" } }] },
        ];

        WorkloadSecretMounts.Foreign(pod).Should().Equal(
            "container 'setup' reads Secret 'mesh-workload-ratings' into its environment",
            "container 'app' reads Secret 'mesh-workload-details' into its environment",
            "container 'debug' reads Secret 'mesh-workload-ratings' into its environment");
    }

    [Fact]
    public void The_pods_own_workload_secret_and_other_secrets_are_fine()
    {
        var pod = Pod("reviews",
            new V1Volume { Name = "own", Secret = new V1SecretVolumeSource { SecretName = "mesh-workload-reviews" } },
            new V1Volume { Name = "db", Secret = new V1SecretVolumeSource { SecretName = "db-password" } },
            new V1Volume { Name = "empty", EmptyDir = new V1EmptyDirVolumeSource() });

        WorkloadSecretMounts.Foreign(pod).Should().BeEmpty();
    }

    [Fact]
    public void A_pod_without_a_service_account_is_the_default_one()
    {
        WorkloadSecretMounts.Foreign(Pod(null, new V1Volume { Name = "own", Secret = new V1SecretVolumeSource { SecretName = "mesh-workload-default" } })).Should().BeEmpty();
        WorkloadSecretMounts.Foreign(Pod(null, new V1Volume { Name = "x", Secret = new V1SecretVolumeSource { SecretName = "mesh-workload-reviews" } })).Should().ContainSingle();
    }

    [Fact]
    public void The_injector_refuses_such_a_pod_with_403_and_the_reason()
    {
        var pod = (JsonObject)Shop.Pod.DeepClone();
        var spec = pod["spec"]!.AsObject();
        var sa = (string?)spec["serviceAccountName"] ?? "default";
        spec["volumes"] = new JsonArray(new JsonObject { ["name"] = "stolen", ["secret"] = new JsonObject { ["secretName"] = $"mesh-workload-not-{sa}" } });

        var response = Handle(pod, synced: false);

        ((bool?)response["allowed"]).Should().BeFalse("refused even before the injector has read the policies: no policy is needed to decide");
        ((int?)response["status"]!["code"]).Should().Be(403);
        ((string?)response["status"]!["message"]).Should().Contain($"volume 'stolen' mounts Secret 'mesh-workload-not-{sa}'");
        response["patch"].Should().BeNull();
    }

    [Fact]
    public void The_injector_still_injects_a_pod_that_mounts_its_own_workload_secret()
    {
        var pod = (JsonObject)Shop.Pod.DeepClone();
        var spec = pod["spec"]!.AsObject();
        var sa = (string?)spec["serviceAccountName"] ?? "default";
        spec["volumes"] = new JsonArray(new JsonObject { ["name"] = "own", ["secret"] = new JsonObject { ["secretName"] = $"mesh-workload-{sa}" } });

        var response = Handle(pod, synced: true);

        ((bool?)response["allowed"]).Should().BeTrue();
        AdmissionReviews.Patch(response).Should().NotBeNull();
    }

    private static JsonObject Handle(JsonObject pod, bool synced) =>
        AdmissionReviews.Response(new AdmissionHandler(new FakePolicySource(Shop.Policies, synced), new InjectorOptions(), NullLogger<AdmissionHandler>.Instance)
            .Handle(Encoding.UTF8.GetBytes(AdmissionReviews.For(pod, "shop").ToJsonString())).Body);

    private static V1Pod Pod(string? serviceAccount, params V1Volume[] volumes) => KubernetesJson.Deserialize<V1Pod>(KubernetesJson.Serialize(new V1Pod
    {
        Metadata = new V1ObjectMeta { Name = "p", NamespaceProperty = "shop" },
        Spec = new V1PodSpec { ServiceAccountName = serviceAccount, Containers = [new V1Container { Name = "app", Image = "example.com/app:1" }], Volumes = volumes },
    }));
}
