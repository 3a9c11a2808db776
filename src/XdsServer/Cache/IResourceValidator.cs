using Google.Protobuf;

namespace Mesh.XdsServer.Cache;

/// <summary>Checks one resource before it may be served; returns every error, empty when it is valid.</summary>
internal interface IResourceValidator
{
    IReadOnlyList<string> Validate(IMessage message);
}
