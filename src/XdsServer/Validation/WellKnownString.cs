using System.Buffers;
using System.Net;
using System.Net.Mail;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Mesh.XdsServer.Validation;

/// <summary>The string.well_known checks, after PGV's validators (hostname per RFC 1034, strict IP literals).</summary>
internal static partial class WellKnownString
{
    /// <summary>PGV's HTTP header patterns (validate.proto, KnownRegex), strict (RFC 7230) and loose (no NUL, CR or LF).</summary>
    public const string HeaderNameStrict = @"^:?[0-9a-zA-Z!#$%&'*+-.^_|~\x60]+$";
    public const string HeaderValueStrict = @"^[^\x00-\x08\x0A-\x1F\x7F]*$";
    public const string HeaderLoose = @"^[^\x00\n\r]*$";

    // RFC 7230 tchar; "+-." in the pattern's class is the range '+' to '.', so ',' belongs too.
    private static readonly SearchValues<char> HeaderNameChars =
        SearchValues.Create("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ!#$%&'*+,-.^_|~`");

    // Control characters other than horizontal tab, and DEL.
    private static readonly SearchValues<char> HeaderValueForbidden =
        SearchValues.Create([.. Enumerable.Range(0, 0x20).Where(c => c != '\t').Select(c => (char)c), '\x7F']);

    /// <summary>
    /// The three header patterns as character scans, or null for any other pattern. They sit on the header and name
    /// fields of every route, cluster and listener, and a Regex match (with its timeout) costs many times a scan.
    /// </summary>
    public static Func<string, bool>? ScanFor(string pattern) => pattern switch
    {
        HeaderNameStrict => IsHeaderNameStrict,
        HeaderValueStrict => static v => !v.AsSpan().ContainsAny(HeaderValueForbidden),
        HeaderLoose => static v => !v.AsSpan().ContainsAny('\0', '\n', '\r'),
        _ => null,
    };

    private static bool IsHeaderNameStrict(string value)
    {
        var name = value.StartsWith(':') ? value.AsSpan(1) : value.AsSpan();
        return name.Length > 0 && !name.ContainsAnyExcept(HeaderNameChars);
    }

    public static bool IsHostname(string value)
    {
        var host = value.EndsWith('.') ? value[..^1] : value;
        if (host.Length is 0 or > 253)
        {
            return false;
        }

        foreach (var label in host.Split('.'))
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-')
            {
                return false;
            }

            foreach (var c in label)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c != '-')
                {
                    return false;
                }
            }
        }

        return true;
    }

    public static bool IsIpv4(string value) =>
        Ipv4Literal().IsMatch(value) && IPAddress.TryParse(value, out var address) && address.AddressFamily == AddressFamily.InterNetwork;

    /// <summary>An IPv6 literal without brackets or zone, as Go's net.ParseIP takes it.</summary>
    public static bool IsIpv6(string value) =>
        value.Contains(':') && !value.Contains('%') && !value.Contains('[') &&
        IPAddress.TryParse(value, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6;

    public static bool IsIp(string value) => IsIpv4(value) || IsIpv6(value);

    public static bool IsEmail(string value)
    {
        var address = value.Length > 2 && value[0] == '<' && value[^1] == '>' ? value[1..^1] : value;
        return address.Length <= 254 && MailAddress.TryCreate(address, out var parsed) && parsed.Address == address &&
               parsed.User.Length <= 64 && IsHostname(parsed.Host);
    }

    public static bool IsUri(string value) => Uri.TryCreate(value, UriKind.Absolute, out _);

    public static bool IsUriReference(string value) => Uri.TryCreate(value, UriKind.RelativeOrAbsolute, out _);

    public static bool IsUuid(string value) => Uuid().IsMatch(value);

    [GeneratedRegex(@"^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}\z")]
    private static partial Regex Ipv4Literal();

    [GeneratedRegex(@"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\z")]
    private static partial Regex Uuid();
}
