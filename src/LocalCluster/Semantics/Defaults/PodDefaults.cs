using System.Text.Json.Nodes;
using static Mesh.LocalCluster.Semantics.Defaults.JsonDefaults;

namespace Mesh.LocalCluster.Semantics.Defaults;

/// <summary>
/// kube-apiserver's defaults for pods and pod templates (pkg/apis/core/v1 defaults.go SetDefaults_PodSpec,
/// SetDefaults_Container, SetDefaults_Probe, the volume sources, and the declarative +default markers such as a
/// container port's protocol). <see cref="Pod"/> adds what SetDefaults_Pod sets on Pods only, never on templates.
/// </summary>
internal static class PodDefaults
{
    /// <summary>A Pod object: the PodSpec defaults plus requests copied from limits and enableServiceLinks.</summary>
    public static void Pod(JsonObject pod)
    {
        if (Child(pod, "spec") is not { } spec)
        {
            return;
        }

        foreach (var container in Items(spec, "containers").Concat(Items(spec, "initContainers")))
        {
            if (Child(container, "resources") is { } resources && Child(resources, "limits") is { } limits)
            {
                var requests = Ensure(resources, "requests");
                foreach (var (key, value) in limits)
                {
                    Set(requests, key, value!.DeepClone());
                }
            }
        }

        Set(spec, "enableServiceLinks", true);
        Spec(spec);
    }

    /// <summary>A pod template (Deployment, ReplicaSet, StatefulSet, DaemonSet, Job): spec.template.spec.</summary>
    public static void Template(JsonObject? template)
    {
        if (Child(template, "spec") is { } spec)
        {
            Spec(spec);
        }
    }

    public static void Spec(JsonObject spec)
    {
        Set(spec, "dnsPolicy", "ClusterFirst");
        Set(spec, "restartPolicy", "Always");
        Set(spec, "securityContext", new JsonObject());
        Set(spec, "terminationGracePeriodSeconds", 30);
        Set(spec, "schedulerName", "default-scheduler");
        foreach (var container in Items(spec, "containers").Concat(Items(spec, "initContainers")).Concat(Items(spec, "ephemeralContainers")))
        {
            Container(container);
        }

        foreach (var volume in Items(spec, "volumes"))
        {
            Volume(volume);
        }
    }

    public static void Container(JsonObject container)
    {
        Set(container, "imagePullPolicy", PullPolicyFor(String(container, "image") ?? ""));
        Set(container, "terminationMessagePath", "/dev/termination-log");
        Set(container, "terminationMessagePolicy", "File");
        foreach (var port in Items(container, "ports"))
        {
            Set(port, "protocol", "TCP");
        }

        foreach (var probe in new[] { "livenessProbe", "readinessProbe", "startupProbe" }.Select(p => Child(container, p)).OfType<JsonObject>())
        {
            Probe(probe);
        }

        foreach (var env in Items(container, "env"))
        {
            if (Child(Child(env, "valueFrom"), "fieldRef") is { } fieldRef)
            {
                Set(fieldRef, "apiVersion", "v1");
            }
        }
    }

    /// <summary>Always for the tag latest or no tag (which means latest), IfNotPresent otherwise; a digest counts as no tag.</summary>
    public static string PullPolicyFor(string image)
    {
        if (image.Contains('@', StringComparison.Ordinal))
        {
            // ParseImageName: a digest reference without a tag has no tag, and "" is not "latest".
            var beforeDigest = image[..image.IndexOf('@', StringComparison.Ordinal)];
            return TagOf(beforeDigest) is "latest" ? "Always" : "IfNotPresent";
        }

        return TagOf(image) is null or "latest" ? "Always" : "IfNotPresent";
    }

    private static string? TagOf(string reference)
    {
        var lastSlash = reference.LastIndexOf('/');
        var colon = reference.LastIndexOf(':');
        return colon > lastSlash ? reference[(colon + 1)..] : null;
    }

    private static void Probe(JsonObject probe)
    {
        Set(probe, "timeoutSeconds", 1);
        Set(probe, "periodSeconds", 10);
        Set(probe, "successThreshold", 1);
        Set(probe, "failureThreshold", 3);
        if (Child(probe, "httpGet") is { } httpGet)
        {
            Set(httpGet, "path", "/");
            Set(httpGet, "scheme", "HTTP");
        }
    }

    private static void Volume(JsonObject volume)
    {
        var sources = volume.Where(p => p.Key != "name").ToList();
        if (sources.Count == 0)
        {
            volume["emptyDir"] = new JsonObject();
        }

        foreach (var source in new[] { "secret", "configMap", "downwardAPI", "projected" })
        {
            if (Child(volume, source) is { } s)
            {
                Set(s, "defaultMode", 420);
            }
        }

        if (Child(volume, "hostPath") is { } hostPath)
        {
            Set(hostPath, "type", "");
        }

        foreach (var projection in Items(Child(volume, "projected"), "sources"))
        {
            if (Child(projection, "serviceAccountToken") is { } token)
            {
                Set(token, "expirationSeconds", 3600);
            }
        }
    }
}
