using System.Text.Json.Nodes;
using Mesh.LocalCluster.Resources;

namespace Mesh.LocalCluster.Errors;

/// <summary>
/// Factories for the errors the real API server returns; messages match k8s.io/apimachinery/pkg/api/errors/errors.go
/// (NewNotFound, NewAlreadyExists, NewConflict, NewInvalid, NewBadRequest, NewGone ...).
/// </summary>
internal static class ApiErrors
{
    public static ApiException NotFound(ResourceDefinition def, string name) =>
        NotFound(def.Group, def.Plural, name);

    public static ApiException NotFound(string group, string plural, string name) =>
        new(404, "NotFound", $"{Qualified(group, plural)} \"{name}\" not found", Details(name, group, plural));

    public static ApiException NamespaceNotFound(string ns) => NotFound("", "namespaces", ns);

    public static ApiException AlreadyExists(ResourceDefinition def, string name) =>
        new(409, "AlreadyExists", $"{Qualified(def.Group, def.Plural)} \"{name}\" already exists",
            Details(name, def.Group, def.Plural));

    public static ApiException Conflict(ResourceDefinition def, string name, string reason =
        "the object has been modified; please apply your changes to the latest version and try again") =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {Qualified(def.Group, def.Plural)} \"{name}\": {reason}",
            Details(name, def.Group, def.Plural));

    /// <summary>NewInvalid: details.kind is the Kind (not the resource) and kubectl prints the causes.</summary>
    public static ApiException Invalid(ResourceDefinition def, string name, IReadOnlyList<FieldCause> causes)
    {
        var kind = def.Group.Length == 0 ? def.Kind : $"{def.Kind}.{def.Group}";
        var text = causes.Count == 1 ? causes[0].ToString() : "[" + string.Join(", ", causes) + "]";
        var details = Details(name, def.Group, def.Kind);
        var array = new JsonArray();
        foreach (var cause in causes)
        {
            array.Add(new JsonObject { ["reason"] = cause.Reason, ["message"] = cause.Message, ["field"] = cause.Field });
        }

        details["causes"] = array;
        return new ApiException(422, "Invalid", $"{kind} \"{name}\" is invalid: {text}", details);
    }

    public static ApiException BadRequest(string message) => new(400, "BadRequest", message);

    public static ApiException Gone(string message) => new(410, "Expired", message);

    public static ApiException MethodNotAllowed(string verb, string what) =>
        new(405, "MethodNotAllowed", $"{verb} is not supported on {what}", new JsonObject());

    public static ApiException UnsupportedMediaType(string message) => new(415, "UnsupportedMediaType", message);

    public static ApiException NotAcceptable(string message) => new(406, "NotAcceptable", message);

    public static ApiException TooLarge(long limit) =>
        new(413, "RequestEntityTooLarge", $"Request entity too large: limit is {limit}");

    public static ApiException Forbidden(ResourceDefinition def, string name, string why) =>
        new(403, "Forbidden", $"{Qualified(def.Group, def.Plural)} \"{name}\" is forbidden: {why}",
            Details(name, def.Group, def.Plural));

    public static ApiException PathNotFound() =>
        new(404, "NotFound", "the server could not find the requested resource", new JsonObject());

    public static string Qualified(string group, string plural) => group.Length == 0 ? plural : $"{plural}.{group}";

    private static JsonObject Details(string name, string group, string kind)
    {
        var details = new JsonObject();
        if (name.Length > 0)
        {
            details["name"] = name;
        }

        if (group.Length > 0)
        {
            details["group"] = group;
        }

        details["kind"] = kind;
        return details;
    }
}
