using Google.Protobuf;

namespace Mesh.XdsServer.Validation;

/// <summary>
/// Checks a message against the protoc-gen-validate rules (<c>validate.rules</c> field options) carried by its
/// descriptors, the way Envoy checks a resource before accepting it: sub-messages are checked recursively and
/// <c>google.protobuf.Any</c> values of known envoy types (typed_config and the like) are unpacked and checked too.
/// </summary>
/// <remarks>
/// The rules of each message type are read once and cached as a plan; checking a message walks only the fields that
/// carry rules or can reach one. Error texts follow protoc-gen-validate's C++ templates (the ones Envoy prints), prefixed
/// with the full field path: <c>invalid Cluster.Name: value length must be at least 1 characters</c>.
/// </remarks>
public static class ProtoValidator
{
    /// <summary>Every rule violation in <paramref name="message"/>, empty when it is valid.</summary>
    public static IReadOnlyList<string> Validate(IMessage message) => Validate(message, TimeProvider.System);

    /// <summary>
    /// Every rule violation in <paramref name="message"/>; <paramref name="time"/> is the clock for the timestamp
    /// rules <c>lt_now</c>, <c>gt_now</c> and <c>within</c>.
    /// </summary>
    public static IReadOnlyList<string> Validate(IMessage message, TimeProvider time) => Validate(message, time, null);

    /// <summary>
    /// As <see cref="Validate(IMessage, TimeProvider)"/>, skipping instances <paramref name="memo"/> already found valid
    /// and remembering those found valid now (for messages that are not mutated after they are built).
    /// </summary>
    internal static IReadOnlyList<string> Validate(IMessage message, TimeProvider time, ValidatedMessages? memo)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(time);
        var plan = PlanCache.For(message.Descriptor);
        if (!plan.HasWork || memo?.Contains(message) == true)
        {
            return [];
        }

        var context = new ValidationContext(message.Descriptor.Name, time, memo);
        plan.Validate(message, context);
        if (context.ErrorCount == 0 && context.ClockReads == 0)
        {
            memo?.Add(message);
        }

        return context.Errors;
    }

    /// <summary>True when <paramref name="message"/> breaks no rule.</summary>
    public static bool IsValid(IMessage message) => Validate(message).Count == 0;
}
