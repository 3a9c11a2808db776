namespace Mesh.XdsServer.Status;

/// <summary>A rejected response, as reported by the proxy.</summary>
public sealed record NackInfo
{
    /// <summary>The version the proxy rejected (never sent to it again).</summary>
    public required string RejectedVersion { get; init; }

    /// <summary>The version the proxy says it still runs (its request's version_info); empty if it never accepted one.</summary>
    public required string AcceptedVersion { get; init; }

    /// <summary>The nonce of the rejected response.</summary>
    public required string Nonce { get; init; }

    /// <summary>The proxy's error_detail message.</summary>
    public required string ErrorMessage { get; init; }

    /// <summary>The proxy's error_detail code (a google.rpc.Code).</summary>
    public int ErrorCode { get; init; }

    /// <summary>When the NACK arrived.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>
    /// Names of the resources the error points at: those it names, and those it addresses by position in the rejected
    /// response (gRPC clients say "resource index N"). Empty when the error names none we sent.
    /// </summary>
    public IReadOnlyList<string> RejectedResources { get; init; } = [];

    /// <summary>Labels of the snapshot whose content was rejected (e.g. the policy generation).</summary>
    public IReadOnlyDictionary<string, string> RejectedLabels { get; init; } = new Dictionary<string, string>();
}
