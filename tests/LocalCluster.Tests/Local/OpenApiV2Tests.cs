using System.Net;
using System.Text.Json.Nodes;
using Mesh.LocalCluster.Tests.Infrastructure;

namespace Mesh.LocalCluster.Tests.Local;

/// <summary>/openapi/v2: swagger 2.0 JSON as kube-apiserver serves it, negotiated as kube-openapi negotiates it.</summary>
public sealed class OpenApiV2Tests(LocalApiFixture fixture) : IClassFixture<LocalApiFixture>
{
    private const string Protobuf = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";

    private const string WidgetCrd = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: sprockets.openapi.mesh.dev
        spec:
          group: openapi.mesh.dev
          scope: Namespaced
          names: {plural: sprockets, singular: sprocket, kind: Sprocket}
          versions:
          - name: v1
            served: true
            storage: true
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec:
                    type: object
                    properties:
                      note: {type: string, nullable: true}
                      port:
                        x-kubernetes-int-or-string: true
                        anyOf: [{type: integer}, {type: string}]
        """;

    [Fact]
    public async Task Json_carries_every_kind_with_its_group_version_kind_and_only_swagger_2_keywords()
    {
        (await fixture.Kubectl.WithManifestAsync(WidgetCrd, "apply")).ExitCode.Should().Be(0);
        await fixture.Kubectl.MustAsync("wait", "--for=condition=established", "crd/sprockets.openapi.mesh.dev", "--timeout=30s");

        var (status, body, contentType) = await GetAsync("application/json");
        status.Should().Be(HttpStatusCode.OK);
        contentType.Should().Be("application/json");
        var doc = JsonNode.Parse(body)!;
        ((string?)doc["swagger"]).Should().Be("2.0");
        var sprocket = doc["definitions"]!["dev.mesh.openapi.v1.Sprocket"]!;
        ((string?)sprocket["x-kubernetes-group-version-kind"]![0]!["kind"]).Should().Be("Sprocket");
        var port = sprocket["properties"]!["spec"]!["properties"]!["port"]!.AsObject();
        port.Select(p => p.Key).Should().Equal("x-kubernetes-int-or-string");
        sprocket["properties"]!["spec"]!["properties"]!["note"]!.AsObject().Select(p => p.Key).Should().Equal("type");
        ((string?)doc["definitions"]!["io.k8s.api.apps.v1.Deployment"]!["x-kubernetes-group-version-kind"]![0]!["kind"]).Should().Be("Deployment");
        ((string?)sprocket["properties"]!["metadata"]!["allOf"]![0]!["$ref"]).Should().Be("#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");
        doc["definitions"]!["io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"].Should().NotBeNull("every ref resolves");
        body.Should().NotContain("#/components/").And.NotContain("\"nullable\"");
        var patch = doc["paths"]!["/apis/openapi.mesh.dev/v1/namespaces/{namespace}/sprockets/{name}"]!["patch"]!;
        patch["parameters"]!.AsArray().Select(p => (string?)p!["name"]).Should().Contain("fieldValidation");
    }

    [Theory]
    [InlineData("", HttpStatusCode.OK)]
    [InlineData("*/*", HttpStatusCode.OK)]
    [InlineData("application/*", HttpStatusCode.OK)]
    [InlineData(Protobuf + ", application/json;q=0.5", HttpStatusCode.OK)]
    [InlineData(Protobuf, HttpStatusCode.NotAcceptable)]
    [InlineData("application/com.github.proto-openapi.spec.v2.v1.0+protobuf", HttpStatusCode.NotAcceptable)]
    [InlineData("application/json;q=0, text/plain", HttpStatusCode.NotAcceptable)]
    public async Task The_accept_header_is_negotiated_with_json_the_only_type_offered(string accept, HttpStatusCode expected)
    {
        var (status, body, _) = await GetAsync(accept);
        status.Should().Be(expected);
        if (expected == HttpStatusCode.NotAcceptable)
        {
            body.Should().BeEmpty("kube-openapi answers an unservable Accept with a bare 406");
        }
    }

    [Fact]
    public async Task Kubectl_reads_it_raw_and_client_side_apply_of_a_change_still_works_after_its_protobuf_request_is_refused()
    {
        var raw = await fixture.Kubectl.RunAsync("get", "--raw", "/openapi/v2");
        raw.ExitCode.Should().Be(0, raw.ToString());
        ((string?)JsonNode.Parse(raw.StdOut)!["swagger"]).Should().Be("2.0");

        // A changed object is patched client-side: kubectl first downloads /openapi/v2 in protobuf (refused), then
        // computes the strategic merge patch from its compiled-in types.
        const string Map = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: openapi-v2, namespace: default}\ndata: {a: \"1\"}\n";
        (await fixture.Kubectl.ApplyAsync(Map)).ExitCode.Should().Be(0);
        var changed = await fixture.Kubectl.ApplyAsync(Map.Replace("\"1\"", "\"2\"", StringComparison.Ordinal));
        changed.ExitCode.Should().Be(0, changed.ToString());
        changed.StdOut.Should().Contain("configmap/openapi-v2 configured");
        changed.StdErr.Should().BeEmpty();
        (await fixture.Kubectl.MustAsync("get", "configmap", "openapi-v2", "-o", "jsonpath={.data.a}")).Should().Be("2");
    }

    private async Task<(HttpStatusCode Status, string Body, string? ContentType)> GetAsync(string accept)
    {
        using var http = new HttpClient { BaseAddress = fixture.Server.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/openapi/v2");
        if (accept.Length > 0)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.MediaType);
    }
}
