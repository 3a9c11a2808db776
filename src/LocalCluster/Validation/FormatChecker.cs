using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace Mesh.LocalCluster.Validation;

/// <summary>
/// The string formats kube-openapi's strfmt registry checks for CRDs (k8s.io/kube-openapi/pkg/validation/strfmt and
/// apiextensions' supported-formats list). Unknown formats are accepted, as the API server does. int32, int64, float
/// and double only annotate numbers and are not checked.
/// </summary>
internal static partial class FormatChecker
{
    public static bool IsValid(string format, string value) => format switch
    {
        "date-time" or "datetime" => DateTime().IsMatch(value) && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        "date" => System.DateTime.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        "duration" => GoDuration.TryParse(value, out _),
        "uuid" => Uuid().IsMatch(value),
        "uuid3" or "uuid4" or "uuid5" => Uuid().IsMatch(value) && value[14] == format[^1],
        "ipv4" => IPAddress.TryParse(value, out var v4) && v4.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && value.Count(c => c == '.') == 3,
        "ipv6" => IPAddress.TryParse(value, out var v6) && v6.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6,
        "cidr" => IsCidr(value),
        "hostname" => value.Length <= 255 && Hostname().IsMatch(value),
        "email" => Email().IsMatch(value),
        "uri" => Uri.TryCreate(value, UriKind.Absolute, out _),
        "mac" => Mac().IsMatch(value),
        "byte" => IsBase64(value),
        "hexcolor" => HexColor().IsMatch(value),
        _ => true,
    };

    private static bool IsCidr(string value)
    {
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && IPAddress.TryParse(value[..slash], out var address)
            && int.TryParse(value[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var bits)
            && bits <= (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
    }

    private static bool IsBase64(string value)
    {
        var buffer = new byte[value.Length];
        return Convert.TryFromBase64String(value, buffer, out _);
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")]
    private static partial Regex DateTime();

    [GeneratedRegex("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")]
    private static partial Regex Uuid();

    [GeneratedRegex(@"^([a-zA-Z0-9]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?)(\.[a-zA-Z0-9]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?)*$")]
    private static partial Regex Hostname();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+$")]
    private static partial Regex Email();

    [GeneratedRegex("^([0-9A-Fa-f]{2}[:-]){5}([0-9A-Fa-f]{2})$")]
    private static partial Regex Mac();

    [GeneratedRegex("^#[0-9A-Fa-f]{6}$")]
    private static partial Regex HexColor();
}
