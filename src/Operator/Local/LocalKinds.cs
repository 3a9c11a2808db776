using Mesh.Operator.Runtime;

namespace Mesh.Operator.Local;

/// <summary>Kinds only local mode's stand-ins read: the operator itself never watches them.</summary>
internal static class LocalKinds
{
    /// <summary>batch/v1 Jobs, whose pods the workload simulation makes up.</summary>
    public static ResourceKind Job { get; } = new() { Group = "batch", Version = "v1", Plural = "jobs", Kind = "Job" };
}
