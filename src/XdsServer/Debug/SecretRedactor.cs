using Envoy.Config.Core.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;
using Google.Protobuf;

namespace Mesh.XdsServer.Debug;

/// <summary>Hides key material in a config dump, as Envoy's admin config_dump does for fields marked sensitive.</summary>
internal static class SecretRedactor
{
    private static readonly DataSource Redacted = new() { InlineString = "[redacted]" };

    public static IMessage Redact(IMessage message)
    {
        if (message is not Secret secret)
        {
            return message;
        }

        var copy = secret.Clone();
        if (copy.TlsCertificate is { } certificate)
        {
            if (certificate.PrivateKey is not null)
            {
                certificate.PrivateKey = Redacted;
            }

            if (certificate.Password is not null)
            {
                certificate.Password = Redacted;
            }
        }

        if (copy.GenericSecret is { Secret: not null } generic)
        {
            generic.Secret = Redacted;
        }

        if (copy.SessionTicketKeys is { } keys)
        {
            for (var i = 0; i < keys.Keys.Count; i++)
            {
                keys.Keys[i] = Redacted;
            }
        }

        return copy;
    }
}
