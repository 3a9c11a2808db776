using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace Mesh.XdsServer.Validation;

/// <summary>google.protobuf types whose rules apply to the value itself rather than to their fields.</summary>
internal static class WellKnownType
{
    private static readonly HashSet<string> ValueTypes =
    [
        DoubleValue.Descriptor.FullName, FloatValue.Descriptor.FullName, Int64Value.Descriptor.FullName,
        UInt64Value.Descriptor.FullName, Int32Value.Descriptor.FullName, UInt32Value.Descriptor.FullName,
        BoolValue.Descriptor.FullName, StringValue.Descriptor.FullName, BytesValue.Descriptor.FullName,
        Duration.Descriptor.FullName, Timestamp.Descriptor.FullName,
    ];

    public static bool IsWrapperOrTime(MessageDescriptor type) => ValueTypes.Contains(type.FullName);
}
