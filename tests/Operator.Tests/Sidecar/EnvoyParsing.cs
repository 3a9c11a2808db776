using Google.Protobuf;
using Mesh.XdsServer.Debug;
using Mesh.XdsServer.Validation;

namespace Mesh.Operator.Tests.Sidecar;

/// <summary>
/// Reads JSON the way Envoy does, as strictly as it can be done without Envoy: into the real envoy proto, every Any
/// resolved through the registry of all compiled envoy types, unknown fields refused; then the protoc-gen-validate rules.
/// </summary>
internal static class EnvoyParsing
{
    private static readonly JsonParser Strict = new(JsonParser.Settings.Default
        .WithTypeRegistry(EnvoyTypeRegistry.Instance)
        .WithIgnoreUnknownFields(false));

    public static T Parse<T>(string json)
        where T : IMessage<T>, new() => Strict.Parse<T>(json);

    /// <summary>Parses and asserts that no validate rule is broken, reporting every violation.</summary>
    public static T ParseValid<T>(string json)
        where T : IMessage<T>, new()
    {
        var message = Parse<T>(json);
        ProtoValidator.Validate(message).Should().BeEmpty("Envoy refuses a {0} that breaks its validate rules", typeof(T).Name);
        return message;
    }
}
