namespace Mesh.LocalCluster.Faults;

/// <summary>Delay every request matching verb/resource (null matches any).</summary>
internal sealed record DelayRule(TimeSpan Delay, string? Verb, string? Resource)
{
    public bool Matches(string verb, string resource) =>
        (Verb is null || string.Equals(Verb, verb, StringComparison.OrdinalIgnoreCase))
        && (Resource is null || string.Equals(Resource, resource, StringComparison.OrdinalIgnoreCase));
}
