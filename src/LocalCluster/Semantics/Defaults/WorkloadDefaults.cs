using System.Text.Json.Nodes;
using static Mesh.LocalCluster.Semantics.Defaults.JsonDefaults;

namespace Mesh.LocalCluster.Semantics.Defaults;

/// <summary>
/// kube-apiserver's defaults for the workload kinds (pkg/apis/apps/v1 and batch/v1 defaults.go) and their pod
/// templates.
/// </summary>
internal static class WorkloadDefaults
{
    public static void Deployment(JsonObject deployment)
    {
        var spec = Ensure(deployment, "spec");
        Set(spec, "replicas", 1);
        var strategy = Ensure(spec, "strategy");
        Set(strategy, "type", "RollingUpdate");
        if (String(strategy, "type") == "RollingUpdate")
        {
            var rolling = Ensure(strategy, "rollingUpdate");
            Set(rolling, "maxUnavailable", "25%");
            Set(rolling, "maxSurge", "25%");
        }

        Set(spec, "revisionHistoryLimit", 10);
        Set(spec, "progressDeadlineSeconds", 600);
        PodDefaults.Template(Child(spec, "template"));
    }

    /// <summary>SetDefaults_ReplicationController: selector and labels from the template's labels when absent; replicas 1.</summary>
    public static void ReplicationController(JsonObject controller)
    {
        var spec = Ensure(controller, "spec");
        if (Child(Child(spec, "template"), "metadata")?["labels"] is JsonObject { Count: > 0 } labels)
        {
            if (Child(spec, "selector") is not { Count: > 0 })
            {
                spec["selector"] = labels.DeepClone();
            }

            var metadata = Ensure(controller, "metadata");
            if (Child(metadata, "labels") is not { Count: > 0 })
            {
                metadata["labels"] = labels.DeepClone();
            }
        }

        Set(spec, "replicas", 1);
        PodDefaults.Template(Child(spec, "template"));
    }

    public static void ReplicaSet(JsonObject replicaSet)
    {
        var spec = Ensure(replicaSet, "spec");
        Set(spec, "replicas", 1);
        PodDefaults.Template(Child(spec, "template"));
    }

    public static void StatefulSet(JsonObject statefulSet)
    {
        var spec = Ensure(statefulSet, "spec");
        Set(spec, "replicas", 1);
        Set(spec, "podManagementPolicy", "OrderedReady");
        var strategy = Ensure(spec, "updateStrategy");
        Set(strategy, "type", "RollingUpdate");
        if (String(strategy, "type") == "RollingUpdate")
        {
            Set(Ensure(strategy, "rollingUpdate"), "partition", 0);
        }

        Set(spec, "revisionHistoryLimit", 10);
        var retention = Ensure(spec, "persistentVolumeClaimRetentionPolicy");
        Set(retention, "whenDeleted", "Retain");
        Set(retention, "whenScaled", "Retain");
        PodDefaults.Template(Child(spec, "template"));
    }

    public static void DaemonSet(JsonObject daemonSet)
    {
        var spec = Ensure(daemonSet, "spec");
        var strategy = Ensure(spec, "updateStrategy");
        Set(strategy, "type", "RollingUpdate");
        if (String(strategy, "type") == "RollingUpdate")
        {
            var rolling = Ensure(strategy, "rollingUpdate");
            Set(rolling, "maxUnavailable", 1);
            Set(rolling, "maxSurge", 0);
        }

        Set(spec, "revisionHistoryLimit", 10);
        PodDefaults.Template(Child(spec, "template"));
    }

    public static void Job(JsonObject job)
    {
        var spec = Ensure(job, "spec");
        JobSpec(spec);
    }

    public static void CronJob(JsonObject cronJob)
    {
        var spec = Ensure(cronJob, "spec");
        Set(spec, "concurrencyPolicy", "Allow");
        Set(spec, "suspend", false);
        Set(spec, "successfulJobsHistoryLimit", 3);
        Set(spec, "failedJobsHistoryLimit", 1);
        if (Child(Child(spec, "jobTemplate"), "spec") is { } jobSpec)
        {
            JobSpec(jobSpec);
        }
    }

    private static void JobSpec(JsonObject spec)
    {
        // completions stays unset (a work queue) when only parallelism is given.
        if (spec["completions"] is null && spec["parallelism"] is null)
        {
            spec["completions"] = 1;
        }

        Set(spec, "parallelism", 1);
        Set(spec, "backoffLimit", 6);
        Set(spec, "completionMode", "NonIndexed");
        Set(spec, "suspend", false);
        Set(spec, "podReplacementPolicy", spec["podFailurePolicy"] is null ? "TerminatingOrFailed" : "Failed");
        PodDefaults.Template(Child(spec, "template"));
    }
}
