using System.Globalization;
using System.Text.Json.Nodes;
using Mesh.LocalCluster.Resources;

namespace Mesh.LocalCluster.Tables;

/// <summary>
/// Server-side printing into meta.k8s.io/v1 Table (apiserver pkg/registry/rest/table.go for the default,
/// apiextensions-apiserver pkg/registry/customresource/tableconvertor for CRD printer columns). Each row carries a
/// PartialObjectMetadata object so kubectl can show NAMESPACE (-A) and LABELS (--show-labels).
/// </summary>
internal static class TablePrinter
{
    /// <param name="includeObject">
    /// The request's includeObject: Metadata (the default) puts a PartialObjectMetadata in each row, Object the whole
    /// object (kubectl asks for it to sort with --sort-by), None nothing.
    /// </param>
    public static JsonObject Print(
        ResourceDefinition def, IReadOnlyList<JsonObject> objects, string resourceVersion, bool withColumns, TimeProvider time, string? includeObject = null)
    {
        var columns = Columns(def, time);
        var rows = new JsonArray();
        foreach (var obj in objects)
        {
            // Columns read the storage shape, as the real server prints the internal type whatever the served version
            // (events.k8s.io Events show OBJECT and MESSAGE from regarding and note).
            var printed = def.Converter is null ? obj : def.Converter.ToStorage(obj.DeepClone().AsObject());
            var row = new JsonObject { ["cells"] = new JsonArray(columns.Select(c => SafeCell(c, printed)).ToArray()) };
            switch (includeObject)
            {
                case "None":
                    break;
                case "Object":
                    row["object"] = obj.DeepClone();
                    break;
                default:
                    row["object"] = new JsonObject
                    {
                        ["kind"] = "PartialObjectMetadata",
                        ["apiVersion"] = "meta.k8s.io/v1",
                        ["metadata"] = obj["metadata"]?.DeepClone(),
                    };
                    break;
            }

            rows.Add(row);
        }

        var definitions = new JsonArray();
        if (withColumns)
        {
            foreach (var column in columns)
            {
                definitions.Add(new JsonObject
                {
                    ["name"] = column.Name,
                    ["type"] = column.Type,
                    ["format"] = column.Format,
                    ["description"] = column.Description,
                    ["priority"] = column.Priority,
                });
            }
        }

        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion },
            ["columnDefinitions"] = definitions,
            ["rows"] = rows,
        };
    }

    public static IReadOnlyList<TableColumn> Columns(ResourceDefinition def, TimeProvider time)
    {
        JsonNode? Age(JsonObject o) => Since(o["metadata"]?["creationTimestamp"], time);
        if (def.IsCustom)
        {
            if (def.PrinterColumns.Count == 0)
            {
                return [BuiltInColumns.Name(), BuiltInColumns.Age(Age)];
            }

            return [BuiltInColumns.Name(), .. def.PrinterColumns.Select(c => Printer(c, time))];
        }

        return BuiltInColumns.For(def.StorageKey.Group, def.StorageKey.Plural, Age)
            ?? [BuiltInColumns.Name(), new TableColumn("Created At", "date", "", "CreationTimestamp is a timestamp representing the server time when this object was created.", 0, o => o["metadata"]?["creationTimestamp"]?.DeepClone())];
    }

    private static TableColumn Printer(PrinterColumn column, TimeProvider time)
    {
        var type = column.Type;
        var path = column.JsonPath;
        return new TableColumn(
            column.Name, type, column.Format, column.Description, column.Priority,
            obj =>
            {
                var matches = JsonPathLite.Evaluate(obj, path);
                if (matches.Count == 0 || matches.All(m => m is null))
                {
                    return null;
                }

                return type switch
                {
                    "integer" or "number" or "boolean" when matches.Count == 1 && matches[0] is JsonValue v => v.DeepClone(),
                    "date" => Since(matches[0], time),
                    _ => JsonPathLite.Print(matches),
                };
            });
    }

    private static JsonNode? SafeCell(TableColumn column, JsonObject obj)
    {
        try
        {
            return column.Cell(obj);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    private static JsonNode? Since(JsonNode? timestamp, TimeProvider time) =>
        timestamp is JsonValue v && DateTimeOffset.TryParse(v.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? HumanDuration.Format(time.GetUtcNow() - at)
            : null;
}
