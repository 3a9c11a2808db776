using System.Text.Json.Nodes;

namespace Mesh.LocalCluster.Errors;

/// <summary>An error answered as a Kubernetes Status object; thrown anywhere in request handling.</summary>
internal sealed class ApiException(int code, string reason, string message, JsonObject? details = null)
    : Exception(message)
{
    public int Code { get; } = code;

    public string Reason { get; } = reason;

    public JsonObject? Details { get; } = details;

    public JsonObject ToStatus() => StatusObjects.Failure(Code, Reason, Message, Details?.DeepClone().AsObject());
}
