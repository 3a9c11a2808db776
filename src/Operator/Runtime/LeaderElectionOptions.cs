namespace Mesh.Operator.Runtime;

/// <summary>Leader election on a coordination.k8s.io Lease (client-go's defaults: 15 s, 10 s, 2 s).</summary>
public sealed record LeaderElectionOptions
{
    /// <summary>The Lease's namespace; it must exist.</summary>
    public required string LeaseNamespace { get; init; }

    /// <summary>The Lease's name.</summary>
    public string LeaseName { get; init; } = "mesh-operator-leader";

    /// <summary>This replica's identity in the Lease; unique per process.</summary>
    public string Identity { get; init; } = $"{Environment.MachineName}_{Guid.NewGuid():N}";

    /// <summary>How long others wait after the last renewal before taking the Lease.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the leader keeps trying to renew before it gives up and stops writing.</summary>
    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Pause between attempts to acquire or renew.</summary>
    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Every problem with these values, each naming the field and the fix.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(LeaseNamespace))
        {
            errors.Add("LeaseNamespace: set the namespace that holds the Lease.");
        }

        if (RenewDeadline >= LeaseDuration)
        {
            errors.Add("RenewDeadline: must be shorter than LeaseDuration, or a replica could write after its lease passed.");
        }

        if (RetryPeriod >= RenewDeadline)
        {
            errors.Add("RetryPeriod: must be shorter than RenewDeadline so a renewal can be retried before the deadline.");
        }

        if (TimeSpan.FromSeconds((int)LeaseDuration.TotalSeconds) != LeaseDuration || LeaseDuration < TimeSpan.FromSeconds(1))
        {
            errors.Add("LeaseDuration: must be a whole number of seconds (the Lease stores leaseDurationSeconds).");
        }

        return errors;
    }
}
