using System.Text.Json.Nodes;
using Mesh.LocalCluster.Validation;

namespace Mesh.LocalCluster.Tests.Validation;

internal static class TestSchemas
{
    public const string PolicyYaml = """
        type: object
        properties:
          apiVersion: {type: string}
          kind: {type: string}
          metadata:
            type: object
            properties:
              name: {type: string, maxLength: 20}
          spec:
            type: object
            required: [mode]
            properties:
              mode: {type: string, enum: [Permissive, Strict, Disabled]}
              name: {type: string, pattern: '^[a-z]+$', minLength: 2, maxLength: 5}
              replicas: {type: integer, minimum: 1, maximum: 10}
              ratio: {type: number, minimum: 0, exclusiveMinimum: true, maximum: 1, exclusiveMaximum: true}
              step: {type: integer, multipleOf: 5}
              timeout: {type: string, format: duration, default: 30s}
              since: {type: string, format: date-time}
              port: {x-kubernetes-int-or-string: true}
              labels:
                type: object
                additionalProperties: {type: string}
                minProperties: 1
                maxProperties: 2
              tags:
                type: array
                items: {type: string}
                x-kubernetes-list-type: set
                minItems: 1
                maxItems: 3
              nullableNote: {type: string, nullable: true}
              extra: {type: object, x-kubernetes-preserve-unknown-fields: true}
              tls:
                type: object
                default: {}
                properties:
                  mode: {type: string, default: ISTIO_MUTUAL}
                  minVersion: {type: string}
              services:
                type: array
                x-kubernetes-list-type: map
                x-kubernetes-list-map-keys: [name]
                items:
                  type: object
                  required: [name]
                  properties:
                    name: {type: string}
                    weight: {type: integer, default: 1}
                    routes:
                      type: array
                      items:
                        type: object
                        properties:
                          backends:
                            type: array
                            items:
                              type: object
                              properties:
                                weight: {type: integer}
                            x-kubernetes-validations:
                            - rule: self.map(b, b.weight).sum() == 100
                              message: weights must add up to 100
          status:
            type: object
            properties:
              phase: {type: string}
        """;

    private static readonly Lazy<StructuralSchema> PolicySchema = new(() => StructuralSchema.Parse(Yaml.Obj(PolicyYaml)));

    public static StructuralSchema Policy => PolicySchema.Value;

    public static JsonObject Resource(string specYaml) =>
        Yaml.Obj("apiVersion: mesh.dev/v1alpha1\nkind: MeshPolicy\nmetadata: {name: demo, namespace: default}\n" + specYaml);

    /// <summary>A schema whose spec carries the given rules (YAML list items under x-kubernetes-validations).</summary>
    public static StructuralSchema WithSpecRules(string specPropertiesYaml, string rulesYaml) => StructuralSchema.Parse(Yaml.Obj($"""
        type: object
        properties:
          spec:
            type: object
            properties:
        {Indent(specPropertiesYaml, 6)}
            x-kubernetes-validations:
        {Indent(rulesYaml, 4)}
        """));

    private static string Indent(string text, int spaces) =>
        string.Join("\n", text.Trim('\n').Split('\n').Select(l => new string(' ', spaces) + l));
}
