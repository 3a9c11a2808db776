namespace Mesh.LocalCluster.Faults;

/// <summary>Answer the next <see cref="Remaining"/> requests matching verb/resource/name with a status code.</summary>
internal sealed class FaultRule(string verb, string resource, string? name, int statusCode, int count)
{
    public int StatusCode { get; } = statusCode;

    public int Remaining { get; set; } = count;

    public bool Matches(string requestVerb, string requestResource, string? requestName) =>
        (verb == "*" || string.Equals(verb, requestVerb, StringComparison.OrdinalIgnoreCase))
        && (resource == "*" || string.Equals(resource, requestResource, StringComparison.OrdinalIgnoreCase))
        && (name is null || string.Equals(name, requestName, StringComparison.Ordinal));
}
