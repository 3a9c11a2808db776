using Google.Protobuf.Reflection;
using Validate;

namespace Mesh.XdsServer.Validation;

/// <summary>Compiles the type-specific part of a FieldRules (the <c>type</c> oneof) into value rules.</summary>
internal static class ScalarRules
{
    public static ValueRule[] Compile(FieldDescriptor field, FieldRules? rules)
    {
        if (rules is null)
        {
            return [];
        }

        ValueRule? rule = rules.TypeCase switch
        {
            FieldRules.TypeOneofCase.Float => Number<FloatRules, float>(rules.Float, r => (r.HasConst ? r.Const : null, r.HasLt ? r.Lt : null, r.HasLte ? r.Lte : null, r.HasGt ? r.Gt : null, r.HasGte ? r.Gte : null), r => r.In, r => r.NotIn),
            FieldRules.TypeOneofCase.Double => Number<DoubleRules, double>(rules.Double, r => (r.HasConst ? r.Const : null, r.HasLt ? r.Lt : null, r.HasLte ? r.Lte : null, r.HasGt ? r.Gt : null, r.HasGte ? r.Gte : null), r => r.In, r => r.NotIn),
            FieldRules.TypeOneofCase.Int32 => Number<Int32Rules, int>(rules.Int32, r => (r.HasConst ? r.Const : null, r.HasLt ? r.Lt : null, r.HasLte ? r.Lte : null, r.HasGt ? r.Gt : null, r.HasGte ? r.Gte : null), r => r.In, r => r.NotIn),
            FieldRules.TypeOneofCase.Sint32 => Number<SInt32Rules, int>(rules.Sint32, r => (r.HasConst ? r.Const : null, r.HasLt ? r.Lt : null, r.HasLte ? r.Lte : null, r.HasGt ? r.Gt : null, r.HasGte ? r.Gte : null), r => r.In, r => r.NotIn),
            FieldRules.TypeOneofCase.Sfixed32 => Number<SFixed32Rules, int>(rules.Sfixed32, r => (r.HasConst ? r.Const : null, r.HasLt ? r.Lt : null, r.HasLte ? r.Lte : null, r.HasGt ? r.Gt : null, r.HasGte ? r.Gte : null), r => r.In, r => r.NotIn),
            FieldRules.TypeOneofCase.Int64 => Number<Int64Rules, long>(rules.Int64, r => (r.HasConst ? r.Const : null, r.HasLt ? r.Lt : null, r.HasLte ? r.Lte : null, r.HasGt ? r.Gt : null, r.HasGte ? r.Gte : null), r => r.In, r => r.NotIn),
            FieldRules.TypeOneofCase.Sint64 => Number<SInt64Rules, long>(rules.Sint64, r => (r.HasConst ? r.Const : null, r.HasLt ? r.Lt : null, r.HasLte ? r.Lte : null, r.HasGt ? r.Gt : null, r.HasGte ? r.Gte : null), r => r.In, r => r.NotIn),
            FieldRules.TypeOneofCase.Sfixed64 => Number<SFixed64Rules, long>(rules.Sfixed64, r => (r.HasConst ? r.Const : null, r.HasLt ? r.Lt : null, r.HasLte ? r.Lte : null, r.HasGt ? r.Gt : null, r.HasGte ? r.Gte : null), r => r.In, r => r.NotIn),
            FieldRules.TypeOneofCase.Uint32 => Number<UInt32Rules, uint>(rules.Uint32, r => (r.HasConst ? r.Const : null, r.HasLt ? r.Lt : null, r.HasLte ? r.Lte : null, r.HasGt ? r.Gt : null, r.HasGte ? r.Gte : null), r => r.In, r => r.NotIn),
            FieldRules.TypeOneofCase.Fixed32 => Number<Fixed32Rules, uint>(rules.Fixed32, r => (r.HasConst ? r.Const : null, r.HasLt ? r.Lt : null, r.HasLte ? r.Lte : null, r.HasGt ? r.Gt : null, r.HasGte ? r.Gte : null), r => r.In, r => r.NotIn),
            FieldRules.TypeOneofCase.Uint64 => Number<UInt64Rules, ulong>(rules.Uint64, r => (r.HasConst ? r.Const : null, r.HasLt ? r.Lt : null, r.HasLte ? r.Lte : null, r.HasGt ? r.Gt : null, r.HasGte ? r.Gte : null), r => r.In, r => r.NotIn),
            FieldRules.TypeOneofCase.Fixed64 => Number<Fixed64Rules, ulong>(rules.Fixed64, r => (r.HasConst ? r.Const : null, r.HasLt ? r.Lt : null, r.HasLte ? r.Lte : null, r.HasGt ? r.Gt : null, r.HasGte ? r.Gte : null), r => r.In, r => r.NotIn),
            FieldRules.TypeOneofCase.Bool => rules.Bool.HasConst ? new BoolRule(rules.Bool.Const) : null,
            FieldRules.TypeOneofCase.String => new StringRule(rules.String),
            FieldRules.TypeOneofCase.Bytes => new BytesRule(rules.Bytes),
            FieldRules.TypeOneofCase.Enum => field.FieldType == FieldType.Enum ? new EnumRule(rules.Enum, field.EnumType) : null,
            FieldRules.TypeOneofCase.Duration => DurationRule.Create(rules.Duration),
            FieldRules.TypeOneofCase.Timestamp => TimestampRule.Create(rules.Timestamp),
            FieldRules.TypeOneofCase.Any => AnyRule.Create(rules.Any),
            _ => null,
        };
        return rule is null ? [] : [rule];
    }

    private static NumberRule<T>? Number<TRules, T>(
        TRules rules,
        Func<TRules, (T? Const, T? Lt, T? Lte, T? Gt, T? Gte)> bounds,
        Func<TRules, IEnumerable<T>> @in,
        Func<TRules, IEnumerable<T>> notIn)
        where T : struct, IComparable<T>
    {
        var (constant, lt, lte, gt, gte) = bounds(rules);
        var inList = @in(rules).ToArray();
        var notInList = notIn(rules).ToArray();
        return constant is null && lt is null && lte is null && gt is null && gte is null && inList.Length == 0 && notInList.Length == 0
            ? null
            : new NumberRule<T>(constant, lt, lte, gt, gte, inList, notInList);
    }
}
