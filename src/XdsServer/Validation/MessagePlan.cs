using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Mesh.XdsServer.Validation;

/// <summary>The compiled checks of one message type: its fields with rules (or leading to some) and its required oneofs.</summary>
internal sealed class MessagePlan(MessageDescriptor descriptor)
{
    private FieldPlan[] _fields = [];
    private OneofDescriptor[] _requiredOneofs = [];

    public MessageDescriptor Descriptor { get; } = descriptor;

    /// <summary>False when no rule can be reached from this type: its values are not walked at all.</summary>
    public bool HasWork { get; private set; }

    internal List<FieldPlan> PendingFields { get; } = [];

    internal List<OneofDescriptor> PendingOneofs { get; } = [];

    /// <summary>True once this type carries a rule itself or can reach one; raised by the builder's fixed point.</summary>
    internal bool MarkWork()
    {
        if (HasWork)
        {
            return false;
        }

        HasWork = PendingOneofs.Count > 0 || PendingFields.Exists(f => f.HasWork);
        return HasWork;
    }

    internal void Seal()
    {
        foreach (var field in PendingFields)
        {
            field.Seal();
        }

        _fields = [.. PendingFields.Where(f => f.HasWork)];
        _requiredOneofs = [.. PendingOneofs];
        PendingFields.Clear();
        PendingOneofs.Clear();
    }

    public void Validate(IMessage message, ValidationContext context)
    {
        foreach (var oneof in _requiredOneofs)
        {
            if (oneof.Accessor.GetCaseFieldDescriptor(message) is null)
            {
                context.Push(PathSegment.Field(RuleText.GoName(oneof.Name)));
                context.Fail("value is required");
                context.Pop();
            }
        }

        foreach (var field in _fields)
        {
            field.Validate(message, context);
        }
    }
}
