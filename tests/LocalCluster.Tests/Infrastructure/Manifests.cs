namespace Mesh.LocalCluster.Tests.Infrastructure;

/// <summary>Manifests the contract tests apply.</summary>
public static class Manifests
{
    public const string WidgetGroup = "contract.mesh.dev";
    public const string WidgetVersion = "v1";
    public const string WidgetPlural = "widgets";

    /// <summary>A namespaced CRD with a status subresource, printer columns, a short name and a category.</summary>
    public const string WidgetCrd = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: widgets.contract.mesh.dev
        spec:
          group: contract.mesh.dev
          scope: Namespaced
          names:
            plural: widgets
            singular: widget
            kind: Widget
            shortNames: [wg]
            categories: [contract]
          versions:
          - name: v1
            served: true
            storage: true
            subresources:
              status: {}
            additionalPrinterColumns:
            - name: Ready
              type: string
              jsonPath: .status.conditions[?(@.type=="Ready")].status
            - name: Size
              type: integer
              jsonPath: .spec.size
            - name: Age
              type: date
              jsonPath: .metadata.creationTimestamp
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec:
                    type: object
                    properties:
                      size: {type: integer}
                      color: {type: string}
                  status:
                    type: object
                    properties:
                      observedGeneration: {type: integer}
                      conditions:
                        type: array
                        items:
                          type: object
                          properties:
                            type: {type: string}
                            status: {type: string}
        """;

    public static string Widget(string ns, string name, int size, string color = "red") => $"""
        apiVersion: contract.mesh.dev/v1
        kind: Widget
        metadata:
          name: {name}
          namespace: {ns}
        spec:
          size: {size}
          color: {color}
        """;

    // No "labels: {}" by default: a real server omits empty maps, so client-side apply would see a change every time.
    public static string ConfigMap(string ns, string name, string data = "value1", string? labels = null) => $"""
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {name}
          namespace: {ns}{(labels is null ? "" : $"\n  labels: {labels}")}
        data:
          key1: {data}
        """;
}
