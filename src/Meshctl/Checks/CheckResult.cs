namespace Mesh.Meshctl.Checks;

/// <summary>One line of <c>meshctl check</c>: what was checked and, on failure, how to fix it.</summary>
internal sealed record CheckResult(bool Passed, string Text, string? Fix = null)
{
    public static CheckResult Pass(string text) => new(true, text);

    public static CheckResult Fail(string text, string fix) => new(false, text, fix);

    public override string ToString() => Passed ? $"✔ {Text}" : $"✘ {Text}; fix: {Fix}";
}
