namespace Mesh.LocalCluster.Resources;

/// <summary>Storage identity of a resource type: group and plural, independent of the served version.</summary>
internal readonly record struct ResourceTypeKey(string Group, string Plural)
{
    public override string ToString() => Group.Length == 0 ? Plural : $"{Plural}.{Group}";
}
