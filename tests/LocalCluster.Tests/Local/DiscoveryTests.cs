using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Mesh.LocalCluster.Tests.Infrastructure;

namespace Mesh.LocalCluster.Tests.Local;

public sealed class DiscoveryTests(LocalApiFixture fixture) : IClassFixture<LocalApiFixture>
{
    private const string GadgetCrd = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: gadgets.discovery.mesh.dev
        spec:
          group: discovery.mesh.dev
          scope: Cluster
          names: {plural: gadgets, singular: gadget, kind: Gadget, shortNames: [gd]}
          versions:
          - name: v1beta1
            served: true
            storage: true
            schema:
              openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
        """;

    [Fact]
    public async Task The_version_is_1_32_and_never_cached()
    {
        using var http = new HttpClient { BaseAddress = fixture.Server.BaseAddress };
        using var response = await http.GetAsync("/version?timeout=5s");
        response.Headers.CacheControl!.ToString().Should().Be("no-cache, private");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        ((string?)body["major"], (string?)body["minor"]).Should().Be(("1", "32"));
    }

    [Fact]
    public async Task Aggregated_discovery_answers_with_its_content_type_and_lists_verbs_and_subresources()
    {
        using var http = new HttpClient { BaseAddress = fixture.Server.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/apis");
        request.Headers.Accept.ParseAdd("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json");
        using var response = await http.SendAsync(request);
        var contentType = response.Content.Headers.ContentType!;
        contentType.MediaType.Should().Be("application/json");
        contentType.Parameters.Select(p => $"{p.Name}={p.Value}").Should().BeEquivalentTo("g=apidiscovery.k8s.io", "v=v2", "as=APIGroupDiscoveryList");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var apps = body["items"]!.AsArray().Single(i => (string?)i!["metadata"]!["name"] == "apps")!;
        var deployments = apps["versions"]![0]!["resources"]!.AsArray().Single(r => (string?)r!["resource"] == "deployments")!;
        ((string?)deployments["scope"]).Should().Be("Namespaced");
        deployments["shortNames"]!.AsArray().Select(n => (string?)n).Should().Equal("deploy");
        ((string?)deployments["subresources"]![0]!["subresource"]).Should().Be("status");
    }

    [Fact]
    public async Task Openapi_v3_offers_patch_operations_with_field_validation_for_every_kind()
    {
        var (_, root, _) = await fixture.SendAsync(HttpMethod.Get, "/openapi/v3");
        var url = (string)root!["paths"]!["apis/apps/v1"]!["serverRelativeURL"]!;
        var (status, doc, _) = await fixture.SendAsync(HttpMethod.Get, url);
        status.Should().Be(200);
        var patch = doc!["paths"]!["/apis/apps/v1/namespaces/{namespace}/deployments/{name}"]!["patch"]!;
        ((string?)patch["x-kubernetes-group-version-kind"]!["kind"]).Should().Be("Deployment");
        patch["parameters"]!.AsArray().Select(p => (string?)p!["name"]).Should().Contain("fieldValidation");
        patch["requestBody"]!["content"]!.AsObject().Select(c => c.Key).Should().NotContain("application/strategic-merge-patch+json");
    }

    [Fact]
    public async Task Installing_a_crd_serves_its_resources_and_deleting_it_stops_serving_them()
    {
        (await fixture.Kubectl.WithManifestAsync(GadgetCrd, "apply")).ExitCode.Should().Be(0);
        var (_, list, _) = await fixture.SendAsync(HttpMethod.Get, "/apis/discovery.mesh.dev/v1beta1");
        list!["resources"]!.AsArray().Select(r => (string?)r!["name"]).Should().Equal("gadgets");
        var created = await fixture.SendAsync(HttpMethod.Post, "/apis/discovery.mesh.dev/v1beta1/gadgets",
            """{"apiVersion":"discovery.mesh.dev/v1beta1","kind":"Gadget","metadata":{"name":"g1"},"anything":{"goes":true}}""");
        created.Status.Should().Be(201);
        (await fixture.Kubectl.RunAsync("get", "gd", "-o", "name")).StdOut.Trim().Should().Be("gadget.discovery.mesh.dev/g1");

        (await fixture.Kubectl.RunAsync("delete", "crd", "gadgets.discovery.mesh.dev")).ExitCode.Should().Be(0);
        (await fixture.SendAsync(HttpMethod.Get, "/apis/discovery.mesh.dev/v1beta1/gadgets")).Status.Should().Be(404);
        (await fixture.SendAsync(HttpMethod.Get, "/apis/discovery.mesh.dev/v1beta1")).Status.Should().Be(404);

        (await fixture.Kubectl.WithManifestAsync(GadgetCrd, "apply")).ExitCode.Should().Be(0);
        var (_, items, _) = await fixture.SendAsync(HttpMethod.Get, "/apis/discovery.mesh.dev/v1beta1/gadgets");
        items!["items"]!.AsArray().Should().BeEmpty("deleting a CRD deletes its objects");
    }

    [Fact]
    public async Task A_table_request_gets_rows_with_partial_object_metadata()
    {
        using var http = new HttpClient { BaseAddress = fixture.Server.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/namespaces");
        request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse("application/json;as=Table;v=v1;g=meta.k8s.io"));
        using var response = await http.SendAsync(request);
        var table = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        ((string?)table["kind"]).Should().Be("Table");
        table["columnDefinitions"]!.AsArray().Select(c => (string?)c!["name"]).Should().Equal("Name", "Status", "Age");
        var row = table["rows"]!.AsArray().First(r => (string?)r!["cells"]![0] == "default")!;
        ((string?)row["cells"]![1]).Should().Be("Active");
        ((string?)row["object"]!["kind"]).Should().Be("PartialObjectMetadata");
        ((string?)row["object"]!["metadata"]!["name"]).Should().Be("default");
    }
}
