using System.Text;

namespace Mesh.XdsServer.Validation;

/// <summary>The errors found so far and the path to the value being checked; the path text is built only on error.</summary>
internal sealed class ValidationContext(string rootName, TimeProvider time, ValidatedMessages? memo = null)
{
    private readonly List<PathSegment> _path = new(16);
    private List<string>? _errors;

    public TimeProvider Time { get; } = time;

    /// <summary>Instances known valid, to skip; null: check everything.</summary>
    public ValidatedMessages? Memo { get; } = memo;

    public int ErrorCount => _errors?.Count ?? 0;

    /// <summary>How many sub-messages deep the check is (0: a field of the resource itself).</summary>
    public int Depth { get; set; }

    /// <summary>How often a rule read the clock: a check that did is not remembered as valid.</summary>
    public int ClockReads { get; private set; }

    public DateTimeOffset Now()
    {
        ClockReads++;
        return Time.GetUtcNow();
    }

    public IReadOnlyList<string> Errors => (IReadOnlyList<string>?)_errors ?? [];

    public void Push(PathSegment segment) => _path.Add(segment);

    public void Pop() => _path.RemoveAt(_path.Count - 1);

    public void Fail(string reason)
    {
        var text = new StringBuilder("invalid ").Append(rootName);
        foreach (var segment in _path)
        {
            if (segment.IsAnyType)
            {
                // The unpacked type rides on the Any field it came from: TypedConfig(HttpConnectionManager).StatPrefix.
                text.Append('(').Append(segment.Name).Append(')');
                continue;
            }

            text.Append('.').Append(segment.Name);
            if (segment.Key is not null)
            {
                text.Append('[').Append(RuleText.Quote(segment.Key)).Append(']');
            }
            else if (segment.Index >= 0)
            {
                text.Append('[').Append(segment.Index).Append(']');
            }
        }

        (_errors ??= []).Add(text.Append(": ").Append(reason).ToString());
    }
}
