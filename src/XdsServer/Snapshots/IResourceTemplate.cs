using Google.Protobuf;

namespace Mesh.XdsServer.Snapshots;

/// <summary>
/// A family of resources of one type that a snapshot answers by name without holding them, because their names
/// cannot all be listed ahead: gRFC A36 server listeners are named after whatever address a gRPC server bound
/// (<c>xds.mesh.dev/grpc/lds/inbound/&lt;host&gt;:&lt;port&gt;</c>). The snapshot says what the family is; the
/// stream asks for one member only when a proxy subscribes to its name (go-control-plane's split: what apart from how).
/// A wildcard subscription does not see the members: there is no list of them.
/// </summary>
public interface IResourceTemplate
{
    /// <summary>
    /// The resource named <paramref name="name"/>, or null when the name is not a member of the family (the proxy then
    /// hears that it does not exist). Must be thread-safe and cheap on repeats (several streams ask concurrently); the
    /// returned message must not be mutated afterwards and its name must be <paramref name="name"/>.
    /// </summary>
    IMessage? Build(string name);
}
