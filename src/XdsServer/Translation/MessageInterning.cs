using Google.Protobuf;

namespace Mesh.XdsServer.Translation;

/// <summary>
/// Equal-by-value reuse of message instances and lists of them. Messages are never mutated once built, so an equal
/// earlier instance can stand for a new one; handing out the earlier instance keeps its serialization, validation and
/// versions, and lets every later comparison stop at a reference check.
/// </summary>
internal static class MessageInterning
{
    /// <summary>The earlier message when equal by value, else the new one.</summary>
    public static T Message<T>(T prior, T built)
        where T : class, IMessage<T> =>
        ReferenceEquals(prior, built) || prior.Equals(built) ? prior : built;

    /// <summary>
    /// The earlier list when it holds equal messages in the same order; else the new list with each message that equals
    /// the earlier one at its position replaced by that instance (a list usually changes in one place).
    /// </summary>
    public static IReadOnlyList<T> List<T>(IReadOnlyList<T> prior, IReadOnlyList<T> built)
        where T : class, IMessage<T>
    {
        if (SameItems(prior, built))
        {
            return prior;
        }
        var kept = new T[built.Count];
        for (var i = 0; i < built.Count; i++)
        {
            kept[i] = i < prior.Count ? Message(prior[i], built[i]) : built[i];
        }
        return kept;
    }

    /// <summary>Same messages in the same order: the instance check comes first, so equal lists of shared instances cost
    /// one pass of reference compares; a differing message is compared by value until its first difference.</summary>
    public static bool SameItems<T>(IReadOnlyList<T> a, IReadOnlyList<T> b)
        where T : class
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }
        if (a.Count != b.Count)
        {
            return false;
        }
        for (var i = 0; i < a.Count; i++)
        {
            if (!ReferenceEquals(a[i], b[i]) && !Equals(a[i], b[i]))
            {
                return false;
            }
        }
        return true;
    }
}
