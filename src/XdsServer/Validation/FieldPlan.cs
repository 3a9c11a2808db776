using System.Collections;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Mesh.XdsServer.Validation;

/// <summary>The checks of one field: a singular value, a repeated field (count, uniqueness, items) or a map.</summary>
internal sealed class FieldPlan
{
    private readonly IFieldAccessor _accessor;
    private readonly bool _checkPresence;
    private readonly ValueRule? _collectionRule;
    private readonly ValueCheck? _value;
    private readonly ValueCheck? _key;

    private FieldPlan(FieldDescriptor field, ValueRule? collectionRule, ValueCheck? value, ValueCheck? key)
    {
        _accessor = field.Accessor;
        Name = RuleText.GoName(field.Name);
        IsRepeated = field.IsRepeated && !field.IsMap;
        IsMap = field.IsMap;

        // Oneof members (even a required message) and proto3 optional scalars are checked only when set, as in PGV.
        _checkPresence = field.RealContainingOneof is not null ||
                         (!field.IsRepeated && field.FieldType != FieldType.Message && field.HasPresence);
        _collectionRule = collectionRule;
        _value = value;
        _key = key;
    }

    public string Name { get; }

    public bool IsRepeated { get; }

    public bool IsMap { get; }

    public bool HasWork => _collectionRule is not null || (_value?.HasWork ?? false) || (_key?.HasWork ?? false);

    public static FieldPlan Singular(FieldDescriptor field, ValueCheck? value) => new(field, null, value, null);

    public static FieldPlan Repeated(FieldDescriptor field, ValueRule? rule, ValueCheck? items) => new(field, rule, items, null);

    public static FieldPlan Map(FieldDescriptor field, ValueRule? rule, ValueCheck? keys, ValueCheck? values) =>
        new(field, rule, values, keys);

    public void Seal()
    {
        _value?.Seal();
        _key?.Seal();
    }

    public void Validate(IMessage message, ValidationContext context)
    {
        if (_checkPresence && !_accessor.HasValue(message))
        {
            return;
        }

        var value = _accessor.GetValue(message);
        if (IsMap)
        {
            ValidateMap((IDictionary)value, context);
        }
        else if (IsRepeated)
        {
            ValidateRepeated((IList)value, context);
        }
        else
        {
            context.Push(PathSegment.Field(Name));
            _value?.Check(value, context);
            context.Pop();
        }
    }

    private void ValidateRepeated(IList items, ValidationContext context)
    {
        if (_collectionRule is not null)
        {
            context.Push(PathSegment.Field(Name));
            _collectionRule.Check(items, context);
            context.Pop();
        }

        if (_value is not { HasWork: true })
        {
            return;
        }

        for (var i = 0; i < items.Count; i++)
        {
            context.Push(PathSegment.Item(Name, i));
            _value.Check(items[i], context);
            context.Pop();
        }
    }

    private void ValidateMap(IDictionary pairs, ValidationContext context)
    {
        if (_collectionRule is not null)
        {
            context.Push(PathSegment.Field(Name));
            _collectionRule.Check(pairs, context);
            context.Pop();
        }

        if (_value is not { HasWork: true } && _key is not { HasWork: true })
        {
            return;
        }

        foreach (DictionaryEntry pair in pairs)
        {
            context.Push(PathSegment.Entry(Name, Convert.ToString(pair.Key, System.Globalization.CultureInfo.InvariantCulture) ?? ""));
            _key?.Check(pair.Key, context);
            _value?.Check(pair.Value, context);
            context.Pop();
        }
    }
}
