using Envoy.Config.Core.V3;
using Envoy.Type.V3;
using Google.Protobuf.WellKnownTypes;

namespace Mesh.XdsServer.Translation;

/// <summary>Small constructors for recurring proto shapes.</summary>
internal static class ProtoHelpers
{
    /// <summary>Fetch through the ADS stream (V3).</summary>
    public static ConfigSource Ads() => new() { Ads = new AggregatedConfigSource(), ResourceApiVersion = ApiVersion.V3 };

    public static Duration Duration(TimeSpan value) => Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(value);

    /// <summary>A percent (0..100, fractions allowed) as parts per million, the finest denominator Envoy has.</summary>
    public static FractionalPercent Fraction(double percent) => new()
    {
        Numerator = (uint)Math.Round(Math.Clamp(percent, 0, 100) * 10_000),
        Denominator = FractionalPercent.Types.DenominatorType.Million,
    };

    public static Address SocketAddress(string ip, int port) =>
        new() { SocketAddress = new SocketAddress { Address = ip, PortValue = (uint)port } };

    public static Any Pack(Google.Protobuf.IMessage message) => Any.Pack(message);
}
