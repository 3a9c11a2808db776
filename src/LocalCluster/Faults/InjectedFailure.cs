using System.Text.Json.Nodes;
using Mesh.LocalCluster.Errors;

namespace Mesh.LocalCluster.Faults;

/// <summary>The Status an injected failure answers with, shaped like the real error for that code.</summary>
internal static class InjectedFailure
{
    public static ApiException For(int code, string group, string resource, string? name) => code switch
    {
        409 => new ApiException(409, "Conflict",
            $"Operation cannot be fulfilled on {ApiErrors.Qualified(group, resource)} \"{name}\": the object has been modified; please apply your changes to the latest version and try again (injected fault)",
            Details(group, resource, name)),
        429 => new ApiException(429, "TooManyRequests",
            "the server has received too many requests and has asked us to try again later (injected fault)",
            new JsonObject { ["retryAfterSeconds"] = 1 }),
        500 => new ApiException(500, "InternalError", "Internal error occurred: injected fault", Details(group, resource, name)),
        503 => new ApiException(503, "ServiceUnavailable", "the server is currently unable to handle the request (injected fault)"),
        _ => new ApiException(code, "", $"injected fault {code}"),
    };

    private static JsonObject Details(string group, string resource, string? name)
    {
        var details = new JsonObject();
        if (name is not null)
        {
            details["name"] = name;
        }

        if (group.Length > 0)
        {
            details["group"] = group;
        }

        details["kind"] = resource;
        return details;
    }
}
