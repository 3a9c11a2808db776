namespace Mesh.XdsServer.Validation;

/// <summary>One step of the path to the value being checked: a field, an item of it, or the type packed in an Any.</summary>
internal readonly record struct PathSegment(string Name, int Index, string? Key, bool IsAnyType)
{
    public static PathSegment Field(string name) => new(name, -1, null, false);

    public static PathSegment Item(string name, int index) => new(name, index, null, false);

    public static PathSegment Entry(string name, string key) => new(name, -1, key, false);

    public static PathSegment AnyType(string typeName) => new(typeName, -1, null, true);
}
