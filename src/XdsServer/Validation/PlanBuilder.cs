using Google.Protobuf;
using Google.Protobuf.Reflection;
using Validate;

namespace Mesh.XdsServer.Validation;

/// <summary>Reads the <c>validate.*</c> options of a message type and of every type it reaches, and compiles them.</summary>
internal sealed class PlanBuilder(IReadOnlyDictionary<MessageDescriptor, MessagePlan> published)
{
    private static readonly ExtensionRegistry ValidateOptions =
        [ValidateExtensions.Rules, ValidateExtensions.Disabled, ValidateExtensions.Required];

    private readonly Dictionary<MessageDescriptor, MessagePlan> _built = [];
    private readonly Queue<MessagePlan> _pending = new();

    public IReadOnlyDictionary<MessageDescriptor, MessagePlan> Build(MessageDescriptor root)
    {
        GetOrAdd(root);
        while (_pending.TryDequeue(out var plan))
        {
            Fill(plan);
        }

        // A type has work when it has rules itself or reaches a type that does: iterate to the fixed point.
        var changed = true;
        while (changed)
        {
            changed = false;
            foreach (var plan in _built.Values)
            {
                changed |= plan.MarkWork();
            }
        }

        foreach (var plan in _built.Values)
        {
            plan.Seal();
        }

        return _built;
    }

    private MessagePlan GetOrAdd(MessageDescriptor descriptor)
    {
        if (published.TryGetValue(descriptor, out var plan) || _built.TryGetValue(descriptor, out plan))
        {
            return plan;
        }

        plan = new MessagePlan(descriptor);
        _built.Add(descriptor, plan);
        _pending.Enqueue(plan);
        return plan;
    }

    private void Fill(MessagePlan plan)
    {
        var descriptor = plan.Descriptor;
        if (Option(descriptor.GetOptions(), ValidateExtensions.Disabled))
        {
            return;
        }

        foreach (var oneof in descriptor.Oneofs)
        {
            if (!oneof.IsSynthetic && Option(oneof.GetOptions(), ValidateExtensions.Required))
            {
                plan.PendingOneofs.Add(oneof);
            }
        }

        foreach (var field in descriptor.Fields.InDeclarationOrder())
        {
            var rules = Rules(field);
            plan.PendingFields.Add(field switch
            {
                { IsMap: true } => Map(field, rules),
                { IsRepeated: true } => FieldPlan.Repeated(
                    field, rules?.Repeated is { } r ? CollectionRule.ForRepeated(r) : null, Value(field, rules?.Repeated?.Items)),
                _ => FieldPlan.Singular(field, Value(field, rules)),
            });
        }
    }

    private FieldPlan Map(FieldDescriptor field, FieldRules? rules)
    {
        var entry = field.MessageType;
        return FieldPlan.Map(
            field,
            rules?.Map is { } m ? CollectionRule.ForMap(m) : null,
            Value(entry.FindFieldByNumber(1), rules?.Map?.Keys),
            Value(entry.FindFieldByNumber(2), rules?.Map?.Values));
    }

    private ValueCheck? Value(FieldDescriptor field, FieldRules? rules)
    {
        var scalar = ScalarRules.Compile(field, rules);
        var required = rules is not null && (
            (rules.Message?.Required ?? false) || (rules.Duration?.Required ?? false) ||
            (rules.Any?.Required ?? false) || (rules.Timestamp?.Required ?? false));
        var skip = rules?.Message?.Skip ?? false;
        var isAny = false;
        MessagePlan? nested = null;
        if (field.FieldType == FieldType.Message && !skip)
        {
            var type = field.MessageType;
            if (type.FullName == Google.Protobuf.WellKnownTypes.Any.Descriptor.FullName)
            {
                isAny = true;
            }
            else if (!WellKnownType.IsWrapperOrTime(type))
            {
                nested = GetOrAdd(type);
            }
        }

        return scalar.Length == 0 && !required && !isAny && nested is null
            ? null
            : new ValueCheck(scalar, required, isAny, nested);
    }

    private static FieldRules? Rules(FieldDescriptor field)
    {
        var options = field.GetOptions();
        if (options is null)
        {
            return null;
        }

        if (options.HasExtension(ValidateExtensions.Rules))
        {
            return options.GetExtension(ValidateExtensions.Rules);
        }

        // Descriptors parsed before the validate extension was registered keep it among the unknown fields: read again.
        var reparsed = FieldOptions.Parser.WithExtensionRegistry(ValidateOptions).ParseFrom(options.ToByteString());
        return reparsed.HasExtension(ValidateExtensions.Rules) ? reparsed.GetExtension(ValidateExtensions.Rules) : null;
    }

    private static bool Option<T>(T? options, Extension<T, bool> extension)
        where T : class, IExtendableMessage<T>
    {
        if (options is null)
        {
            return false;
        }

        if (options.HasExtension(extension))
        {
            return options.GetExtension(extension);
        }

        var parser = new MessageParser<T>(() => (T)Activator.CreateInstance(typeof(T))!).WithExtensionRegistry(ValidateOptions);
        var reparsed = parser.ParseFrom(options.ToByteString());
        return reparsed.HasExtension(extension) && reparsed.GetExtension(extension);
    }
}
