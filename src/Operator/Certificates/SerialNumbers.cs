using System.Security.Cryptography;

namespace Mesh.Operator.Certificates;

/// <summary>Sources of certificate serial numbers; injected so that tests are deterministic.</summary>
public static class SerialNumbers
{
    /// <summary>128 random bits, positive and without a leading zero byte (RFC 5280 4.1.2.2: at most 20 octets, positive).</summary>
    public static Func<byte[]> FromRandom(RandomNumberGenerator random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return () =>
        {
            var serial = new byte[16];
            random.GetBytes(serial);
            serial[0] = (byte)((serial[0] & 0x7F) | 0x40);
            return serial;
        };
    }
}
