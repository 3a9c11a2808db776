using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Mesh.Operator.Certificates;

/// <summary>PEM reading and writing over Kubernetes Secret data (raw bytes, base64 only on the wire).</summary>
internal static class Pem
{
    public static string Certificates(IEnumerable<X509Certificate2> certificates) =>
        string.Concat(certificates.Select(c => c.ExportCertificatePem() + "\n"));

    public static byte[] Bytes(string pem) => Encoding.ASCII.GetBytes(pem);

    /// <summary>Every certificate in a PEM blob; null with <paramref name="error"/> when it holds none or a bad one.</summary>
    public static List<X509Certificate2>? ParseCertificates(byte[] pem, out string error)
    {
        var text = Encoding.ASCII.GetString(pem);
        var result = new List<X509Certificate2>();
        var span = text.AsSpan();
        while (PemEncoding.TryFind(span, out var fields))
        {
            var label = span[fields.Label];
            if (label.SequenceEqual("CERTIFICATE"))
            {
                try
                {
                    result.Add(X509CertificateLoader.LoadCertificate(Convert.FromBase64String(span[fields.Base64Data].ToString())));
                }
                catch (CryptographicException e)
                {
                    error = $"a certificate does not parse: {e.Message}";
                    result.ForEach(c => c.Dispose());
                    return null;
                }
            }
            span = span[fields.Location.End..];
        }
        if (result.Count == 0)
        {
            error = "no PEM certificate found";
            return null;
        }
        error = "";
        return result;
    }

    /// <summary>The certificate under <paramref name="certKey"/> joined with the private key under <paramref name="keyKey"/>.</summary>
    public static X509Certificate2? CertificateWithKey(IDictionary<string, byte[]> data, string certKey, string keyKey, out string error)
    {
        if (!data.TryGetValue(certKey, out var certPem) || certPem.Length == 0)
        {
            error = $"key {certKey} is missing";
            return null;
        }
        if (!data.TryGetValue(keyKey, out var keyPem) || keyPem.Length == 0)
        {
            error = $"key {keyKey} is missing";
            return null;
        }
        var certificates = ParseCertificates(certPem, out error);
        if (certificates is null)
        {
            error = $"{certKey}: {error}";
            return null;
        }
        using var certificate = certificates[0];
        foreach (var extra in certificates.Skip(1))
        {
            extra.Dispose();
        }
        using var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(Encoding.ASCII.GetString(keyPem));
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            error = $"{keyKey} is not an ECDSA private key in PEM: {e.Message}";
            return null;
        }
        try
        {
            return certificate.CopyWithPrivateKey(key);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            error = $"{keyKey} does not match {certKey}: {e.Message}";
            return null;
        }
    }
}
