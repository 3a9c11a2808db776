using System.Runtime.CompilerServices;

namespace Mesh.XdsServer.Validation;

/// <summary>
/// Message instances already found valid, by reference. Translation memoizes sub-messages (a virtual host, a cluster)
/// and a snapshot holds the same instances until their content changes, so a route change that rebuilds one virtual
/// host of 1,000 re-checks only that one. Only for messages nobody mutates after they are built (the snapshot
/// pipeline's; their serialized form is cached once too), and never for a check that read the clock.
/// </summary>
internal sealed class ValidatedMessages
{
    private static readonly object Valid = new();
    private readonly ConditionalWeakTable<object, object> _valid = new();

    public bool Contains(object message) => _valid.TryGetValue(message, out _);

    public void Add(object message) => _valid.TryAdd(message, Valid);
}
