using System.Collections.Concurrent;
using Google.Protobuf.Reflection;

namespace Mesh.XdsServer.Validation;

/// <summary>Plans per message type, built once (with every type they reach) and then read without locks.</summary>
internal static class PlanCache
{
    private static readonly ConcurrentDictionary<MessageDescriptor, MessagePlan> Plans = new();
    private static readonly Lock BuildLock = new();

    public static MessagePlan For(MessageDescriptor descriptor)
    {
        if (Plans.TryGetValue(descriptor, out var plan))
        {
            return plan;
        }

        lock (BuildLock)
        {
            if (Plans.TryGetValue(descriptor, out plan))
            {
                return plan;
            }

            // Types reach each other in cycles (matchers, predicates): build the whole closure, seal it, then publish
            // it, so a reader never sees a half-built plan.
            var built = new PlanBuilder(Plans).Build(descriptor);
            foreach (var (type, typePlan) in built)
            {
                Plans[type] = typePlan;
            }

            return built[descriptor];
        }
    }
}
