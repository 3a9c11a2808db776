using k8s.Models;

namespace Mesh.Meshctl.Checks;

/// <summary>Who holds a leader-election Lease now: the holder when it renewed within the lease duration, else null.</summary>
internal static class LeaseHolder
{
    public static string? Of(V1Lease lease, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var spec = lease.Spec;
        if (spec?.HolderIdentity is not { Length: > 0 } holder || spec.RenewTime is not { } renewed)
        {
            return null;
        }
        var expires = new DateTimeOffset(DateTime.SpecifyKind(renewed, DateTimeKind.Utc)).AddSeconds(spec.LeaseDurationSeconds ?? 15);
        return expires >= now ? holder : null;
    }
}
