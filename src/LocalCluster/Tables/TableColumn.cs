using System.Text.Json.Nodes;

namespace Mesh.LocalCluster.Tables;

/// <summary>A Table column and how to compute its cell from an object.</summary>
internal sealed record TableColumn(string Name, string Type, string Format, string Description, int Priority, Func<JsonObject, JsonNode?> Cell);
