namespace Mesh.XdsServer.Model;

/// <summary>The request property consistent hashing uses: set one of Header, Cookie or SourceIp.</summary>
public sealed record HashOn
{
    /// <summary>Hash on this header's value.</summary>
    public string? Header { get; init; }

    /// <summary>Hash on this cookie.</summary>
    public string? Cookie { get; init; }

    /// <summary>Lifetime of a cookie Envoy generates when the request has none; null = never generate one.</summary>
    public TimeSpan? CookieTtl { get; init; }

    /// <summary>Hash on the source IP.</summary>
    public bool SourceIp { get; init; }
}
