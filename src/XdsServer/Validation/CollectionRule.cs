using System.Collections;
using Validate;

namespace Mesh.XdsServer.Validation;

/// <summary>repeated.min_items, max_items and unique; map.min_pairs and max_pairs (no_sparse cannot fail in C#: map values are never null).</summary>
internal sealed class CollectionRule(ulong? min, ulong? max, bool unique, string unit) : ValueRule
{
    public static CollectionRule? ForRepeated(RepeatedRules rules) =>
        !rules.HasMinItems && !rules.HasMaxItems && !rules.Unique
            ? null
            : new CollectionRule(rules.HasMinItems ? rules.MinItems : null, rules.HasMaxItems ? rules.MaxItems : null, rules.Unique, "item(s)");

    public static CollectionRule? ForMap(MapRules rules) =>
        !rules.HasMinPairs && !rules.HasMaxPairs
            ? null
            : new CollectionRule(rules.HasMinPairs ? rules.MinPairs : null, rules.HasMaxPairs ? rules.MaxPairs : null, false, "pair(s)");

    public override void Check(object value, ValidationContext context)
    {
        var collection = (ICollection)value;
        var count = (ulong)collection.Count;
        if (min is { } atLeast && count < atLeast)
        {
            context.Fail($"value must contain at least {atLeast} {unit}");
        }

        if (max is { } atMost && count > atMost)
        {
            context.Fail($"value must contain no more than {atMost} {unit}");
        }

        if (unique && collection.Count > 1)
        {
            var seen = new HashSet<object>();
            foreach (var item in collection)
            {
                if (item is not null && !seen.Add(item))
                {
                    context.Fail("repeated value must contain unique items");
                    break;
                }
            }
        }
    }
}
