using System.Text.RegularExpressions;

namespace Mesh.LocalCluster.Validation;

/// <summary>Name rules and their messages from k8s.io/apimachinery/pkg/util/validation/validation.go.</summary>
internal static partial class KubeNames
{
    private const string LabelFormat = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private const string SubdomainFormat = LabelFormat + "(\\." + LabelFormat + ")*";
    private const string Dns1035Format = "[a-z]([-a-z0-9]*[a-z0-9])?";

    public static IReadOnlyList<string> Subdomain(string value)
    {
        var errors = new List<string>();
        if (value.Length > 253)
        {
            errors.Add("must be no more than 253 characters");
        }

        if (!SubdomainRegex().IsMatch(value))
        {
            errors.Add("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '" + SubdomainFormat + "')");
        }

        return errors;
    }

    /// <summary>Validates a generateName, whose trailing dash is allowed (maskTrailingDash in apimachinery).</summary>
    public static IReadOnlyList<string> SubdomainPrefix(string value) =>
        Subdomain(value.Length > 1 && value.EndsWith('-') ? value[..^1] + "a" : value);

    public static IReadOnlyList<string> Label(string value)
    {
        var errors = new List<string>();
        if (value.Length > 63)
        {
            errors.Add("must be no more than 63 characters");
        }

        if (!LabelRegex().IsMatch(value))
        {
            errors.Add("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '" + LabelFormat + "')");
        }

        return errors;
    }

    public static IReadOnlyList<string> Dns1035Label(string value)
    {
        var errors = new List<string>();
        if (value.Length > 63)
        {
            errors.Add("must be no more than 63 characters");
        }

        if (!Dns1035Regex().IsMatch(value))
        {
            errors.Add("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '" + Dns1035Format + "')");
        }

        return errors;
    }

    [GeneratedRegex("^" + SubdomainFormat + "$")]
    private static partial Regex SubdomainRegex();

    [GeneratedRegex("^" + LabelFormat + "$")]
    private static partial Regex LabelRegex();

    [GeneratedRegex("^" + Dns1035Format + "$")]
    private static partial Regex Dns1035Regex();
}
