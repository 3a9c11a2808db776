namespace Mesh.Meshctl.Analysis;

/// <summary>How bad a diagnostic is; the exit code of analyze is the worst one seen (0 none, 1 warning, 2 error).</summary>
internal enum DiagnosticSeverity
{
    /// <summary>Works, but probably not as meant (e.g. a subset with no pods yet).</summary>
    Warning = 1,

    /// <summary>The API server or the operator refuses it, or proxies reject what it produced.</summary>
    Error = 2,
}

/// <summary>One finding of <c>meshctl analyze</c>, tied to an object and a field.</summary>
internal sealed record Diagnostic
{
    public required DiagnosticSeverity Severity { get; init; }

    /// <summary>Stable code (MESHnnnn), documented with its fix in docs/analyze.md.</summary>
    public required string Code { get; init; }

    /// <summary>The kind of the object the finding is about (MeshPolicy, Service, Pod).</summary>
    public required string Kind { get; init; }

    public required string Namespace { get; init; }

    public required string Name { get; init; }

    /// <summary>The field path within that object, e.g. <c>spec.services[1].subsets[1]</c>; empty for the whole object.</summary>
    public required string Field { get; init; }

    /// <summary>A sentence saying what is wrong and how to fix it.</summary>
    public required string Message { get; init; }

    /// <summary>One line: <c>Error [MESH0103] (MeshPolicy shop/shop) spec.services[1].subsets[1]: subset ...</c>.</summary>
    public override string ToString() =>
        $"{Severity} [{Code}] ({Kind} {Namespace}/{Name}) {(Field.Length == 0 ? "" : Field + ": ")}{Message}";
}
