using System.Text.Json.Nodes;
using Mesh.LocalCluster.Admission;
using Mesh.LocalCluster.Resources;

namespace Mesh.LocalCluster.Tests.Admission;

/// <summary>Requests and webhooks for the pure admission tests.</summary>
internal static class AdmissionTestData
{
    public static ResourceDefinition Resource(string group, string plural) =>
        RegistrySnapshot.Build([]).All.First(d => d.Group == group && d.Plural == plural);

    public static AdmissionAttributes Request(
        string operation = "CREATE", string group = "", string plural = "configmaps", string subresource = "", string ns = "shop",
        JsonObject? obj = null, JsonObject? old = null, bool dryRun = false)
    {
        var def = Resource(group, plural);
        return new AdmissionAttributes
        {
            Operation = operation,
            Resource = def,
            Subresource = subresource,
            Kind = (def.Group, def.Version, def.Kind),
            Namespace = ns,
            Name = "demo",
            Object = operation == "DELETE" ? null : obj ?? Object(),
            OldObject = old,
            DryRun = dryRun,
        };
    }

    public static JsonObject Object(params (string Key, string Value)[] labels)
    {
        var map = new JsonObject();
        foreach (var (key, value) in labels)
        {
            map[key] = value;
        }

        return new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["metadata"] = new JsonObject { ["name"] = "demo", ["labels"] = map } };
    }

    public static WebhookDefinition Hook(
        string name = "hook.mesh.dev", bool mutating = true, string[]? resources = null, string[]? operations = null, string[]? groups = null,
        string scope = "*") => new()
    {
        ConfigurationName = "config",
        Name = name,
        Mutating = mutating,
        Url = "https://127.0.0.1:1/hook",
        Rules = [new WebhookRule(operations ?? ["*"], groups ?? ["*"], ["*"], resources ?? ["*"], scope)],
    };

    public static JsonObject Selector(string key, string value) =>
        new() { ["matchLabels"] = new JsonObject { [key] = value } };
}
