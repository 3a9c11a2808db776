using System.Text.Json.Nodes;

namespace Mesh.LocalCluster.Validation;

/// <summary>
/// A custom resource version's openAPIV3Schema, parsed once with its patterns and CEL rules compiled, ready for any
/// number of <see cref="SchemaAdmission.Admit"/> calls (which never compile). Immutable and safe to share across threads.
/// Parse is lenient: a schema the API server would refuse still parses; <see cref="CrdDefinitionValidator"/> reports why.
/// </summary>
public sealed class StructuralSchema
{
    private StructuralSchema(SchemaNode root, IReadOnlyList<FieldError> definitionErrors)
    {
        Root = root;
        DefinitionErrors = definitionErrors;
    }

    internal SchemaNode Root { get; }

    /// <summary>Structural-schema and rule-compilation problems, with paths relative to openAPIV3Schema.</summary>
    internal IReadOnlyList<FieldError> DefinitionErrors { get; }

    public static StructuralSchema Parse(JsonObject openApiV3Schema)
    {
        ArgumentNullException.ThrowIfNull(openApiV3Schema);
        return Parse(openApiV3Schema, "openAPIV3Schema");
    }

    internal static StructuralSchema Parse(JsonObject openApiV3Schema, string path)
    {
        var parser = new SchemaParser();
        var root = parser.Parse(openApiV3Schema, path);
        return new StructuralSchema(root, parser.Errors);
    }
}
