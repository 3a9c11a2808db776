namespace Mesh.Operator.Capture;

/// <summary>Installing the rules failed; the message says why and what to do, for the init container's log.</summary>
internal sealed class CaptureException(string message) : Exception(message);
