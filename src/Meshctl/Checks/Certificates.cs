using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Mesh.Meshctl.Checks;

/// <summary>Reads the first certificate of a PEM bundle and says whether it is valid now.</summary>
internal static class Certificates
{
    public static X509Certificate2? FirstOf(byte[] pem)
    {
        try
        {
            var text = System.Text.Encoding.ASCII.GetString(pem);
            return text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal) ? X509Certificate2.CreateFromPem(text) : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>"valid until 2027-12-03T12:00:00Z (364 days left)", or why it is not valid at <paramref name="now"/>.</summary>
    public static (bool Valid, string Text) Validity(X509Certificate2 certificate, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        var notBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero);
        if (now < notBefore)
        {
            return (false, $"not valid before {Stamp(notBefore)}");
        }
        if (now > notAfter)
        {
            return (false, $"expired at {Stamp(notAfter)}");
        }
        var days = (int)(notAfter - now).TotalDays;
        return (true, $"valid until {Stamp(notAfter)} ({days} day{(days == 1 ? "" : "s")} left)");
    }

    private static string Stamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
}
