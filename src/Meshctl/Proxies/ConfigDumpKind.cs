namespace Mesh.Meshctl.Proxies;

/// <summary>One proxy-config section: the command word, the envoy.admin.v3 dump type, its list and its item field.</summary>
internal sealed record ConfigDumpKind(string Word, string DumpType, string ListField, string ItemField)
{
    public static IReadOnlyList<ConfigDumpKind> All { get; } =
    [
        new("clusters", "type.googleapis.com/envoy.admin.v3.ClustersConfigDump", "dynamic_active_clusters", "cluster"),
        new("listeners", "type.googleapis.com/envoy.admin.v3.ListenersConfigDump", "dynamic_listeners", "listener"),
        new("routes", "type.googleapis.com/envoy.admin.v3.RoutesConfigDump", "dynamic_route_configs", "route_config"),
        new("endpoints", "type.googleapis.com/envoy.admin.v3.EndpointsConfigDump", "dynamic_endpoint_configs", "endpoint_config"),
        new("secrets", "type.googleapis.com/envoy.admin.v3.SecretsConfigDump", "dynamic_active_secrets", "secret"),
    ];
}
