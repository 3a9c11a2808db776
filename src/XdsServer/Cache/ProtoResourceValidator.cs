using Google.Protobuf;
using Mesh.XdsServer.Validation;

namespace Mesh.XdsServer.Cache;

/// <summary>Refuses resources that break the envoy protos' protoc-gen-validate rules (what Envoy itself would reject).</summary>
internal sealed class ProtoResourceValidator(TimeProvider timeProvider) : IResourceValidator
{
    // Snapshot resources are built once and never mutated (their bytes are cached too): an instance found valid stays so.
    private readonly ValidatedMessages _valid = new();

    public IReadOnlyList<string> Validate(IMessage message) => ProtoValidator.Validate(message, timeProvider, _valid);
}
