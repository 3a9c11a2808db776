using Envoy.Config.Core.V3;
using Google.Protobuf;
using Mesh.XdsServer.Model;
using Mesh.XdsServer.Tests.Translation;
using Mesh.XdsServer.Translation;

namespace Mesh.XdsServer.Tests.Robustness;

/// <summary>
/// Security checklist: no private key (workload or root) ever travels over xDS, on any port. SDS secrets only name
/// files of the mounted workload Secret; proxyless clients get no SDS at all.
/// </summary>
public sealed class NoKeyOverXdsTests
{
    public static TheoryData<string> Cases() => GoldenTranslationTests.Cases();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Sds_secrets_reference_files_only_and_no_resource_holds_key_material(string name)
    {
        var @case = GoldenCase.All().Single(c => c.Name == name);
        var result = MeshTranslator.TranslateOnce(@case.Model, @case.Scope);

        foreach (var secret in result.Secrets)
        {
            var sources = new[]
            {
                secret.TlsCertificate?.CertificateChain, secret.TlsCertificate?.PrivateKey,
                secret.ValidationContext?.TrustedCa,
            }.OfType<DataSource>().ToList();
            sources.Should().NotBeEmpty($"secret {secret.Name} names what it serves");
            sources.Should().OnlyContain(s => s.SpecifierCase == DataSource.SpecifierOneofCase.Filename,
                $"secret {secret.Name} must name a file of the mounted Secret, never carry bytes");
        }

        if (@case.Scope.Kind == ProxyKind.ProxylessGrpc)
        {
            result.Secrets.Should().BeEmpty("proxyless clients NACK SDS and read their certificates from files");
        }

        var everything = result.Clusters.Cast<IMessage>().Concat(result.Endpoints).Concat(result.Listeners).Concat(result.Routes).Concat(result.Secrets);
        foreach (var message in everything)
        {
            var bytes = message.ToByteString().ToStringUtf8();
            bytes.Should().NotContain("PRIVATE KEY", $"{message.Descriptor.Name} must carry no key material");
        }
    }
}
