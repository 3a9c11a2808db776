using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mesh.XdsServer.Tests.Translation;

/// <summary>Reads durations as the MeshPolicy writes them ("2s", "500ms", "1m") so that test models read like policies.</summary>
internal sealed class DurationJsonConverter : JsonConverter<TimeSpan>
{
    public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString() ?? throw new JsonException("a duration must be a string such as \"2s\"");
        (string suffix, Func<double, TimeSpan> make)[] units =
        [
            ("ms", TimeSpan.FromMilliseconds), ("s", TimeSpan.FromSeconds), ("m", TimeSpan.FromMinutes), ("h", TimeSpan.FromHours),
        ];
        foreach (var (suffix, make) in units)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal)
                && double.TryParse(text[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                return make(value);
            }
        }
        throw new JsonException($"'{text}' is not a duration such as \"2s\" or \"500ms\"");
    }

    public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) =>
        writer.WriteStringValue($"{value.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)}ms");
}
