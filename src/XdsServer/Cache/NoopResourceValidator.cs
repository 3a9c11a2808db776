using Google.Protobuf;

namespace Mesh.XdsServer.Cache;

/// <summary>Accepts everything: the default until the protoc-gen-validate checker is wired in.</summary>
internal sealed class NoopResourceValidator : IResourceValidator
{
    public static NoopResourceValidator Instance { get; } = new();

    public IReadOnlyList<string> Validate(IMessage message) => [];
}
