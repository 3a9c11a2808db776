using Mesh.LocalCluster.Tests.Infrastructure;

namespace Mesh.LocalCluster.Tests.Local;

public sealed class BadInputTests(LocalApiFixture fixture) : IClassFixture<LocalApiFixture>
{
    [Fact]
    public async Task Malformed_json_is_a_400_status()
    {
        var (status, body, _) = await fixture.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps", "{\"kind\": ");
        status.Should().Be(400);
        ((string?)body!["kind"]).Should().Be("Status");
        ((string?)body["reason"]).Should().Be("BadRequest");
        ((string?)body["message"]).Should().StartWith("couldn't get version/kind; json parse error");
    }

    [Fact]
    public async Task Malformed_yaml_is_a_400_status()
    {
        var (status, body, _) = await fixture.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps", "a: [b\nc: d", "application/yaml");
        status.Should().Be(400);
        ((string?)body!["message"]).Should().StartWith("error converting YAML to JSON");
    }

    [Fact]
    public async Task A_yaml_body_is_accepted()
    {
        var yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-yaml\ndata:\n  port: \"8080\"\n";
        var (status, body, _) = await fixture.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps", yaml, "application/yaml");
        status.Should().Be(201);
        ((string?)body!["data"]!["port"]).Should().Be("8080");
    }

    [Fact]
    public async Task A_wrong_api_version_is_a_400()
    {
        var (status, body, _) = await fixture.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps",
            """{"apiVersion":"v2","kind":"ConfigMap","metadata":{"name":"x"}}""");
        status.Should().Be(400);
        ((string?)body!["message"]).Should().Be("the API version in the data (v2) does not match the expected API version (v1)");
    }

    [Fact]
    public async Task A_wrong_kind_is_a_400()
    {
        var (status, body, _) = await fixture.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps",
            """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"x"}}""");
        status.Should().Be(400);
        ((string?)body!["message"]).Should().Contain("cannot be handled as a ConfigMap");
    }

    [Fact]
    public async Task A_missing_name_is_a_422_naming_the_field()
    {
        var (status, body, _) = await fixture.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps",
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{}}""");
        status.Should().Be(422);
        ((string?)body!["reason"]).Should().Be("Invalid");
        ((string?)body["details"]!["kind"]).Should().Be("ConfigMap");
        ((string?)body["details"]!["causes"]![0]!["field"]).Should().Be("metadata.name");
        ((string?)body["message"]).Should().Be("ConfigMap \"\" is invalid: metadata.name: Required value: name or generateName is required");
    }

    [Fact]
    public async Task An_invalid_name_is_a_422_that_kubectl_prints_with_the_field()
    {
        var result = await fixture.Kubectl.WithManifestAsync("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Not_Valid\n", "create");
        result.ExitCode.Should().NotBe(0);
        result.StdErr.Should().Contain("The ConfigMap \"Not_Valid\" is invalid: metadata.name: Invalid value: \"Not_Valid\": a lowercase RFC 1123 subdomain");
    }

    [Fact]
    public async Task An_oversized_body_is_a_413()
    {
        var big = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"big\"},\"data\":{\"k\":\"" + new string('x', 3 * 1024 * 1024) + "\"}}";
        var (status, body, _) = await fixture.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps", big);
        status.Should().Be(413);
        ((string?)body!["reason"]).Should().Be("RequestEntityTooLarge");
    }

    [Fact]
    public async Task Kubectl_create_namespace_sends_protobuf_and_gets_a_415_that_says_what_to_do()
    {
        var result = await fixture.Kubectl.RunAsync("create", "namespace", "from-generator");
        result.ExitCode.Should().NotBe(0);
        result.StdErr.Should().Contain("Error from server (UnsupportedMediaType)").And.Contain("kubectl create -f");
    }

    [Fact]
    public async Task An_unknown_resource_path_is_a_404_status()
    {
        var (status, body, _) = await fixture.SendAsync(HttpMethod.Get, "/apis/nope.dev/v1/things");
        status.Should().Be(404);
        ((string?)body!["message"]).Should().Be("the server could not find the requested resource");
    }

    [Fact]
    public async Task A_body_namespace_that_differs_from_the_url_is_a_400()
    {
        var (status, body, _) = await fixture.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps",
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x","namespace":"kube-system"}}""");
        status.Should().Be(400);
        ((string?)body!["message"]).Should().Be("the namespace of the provided object does not match the namespace sent on the request");
    }

    [Fact]
    public async Task Adding_a_finalizer_to_an_object_being_deleted_is_forbidden()
    {
        var ns = await fixture.NewNamespaceAsync("addfin");
        await fixture.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps",
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x","finalizers":["a/b"]}}""");
        await fixture.SendAsync(HttpMethod.Delete, $"/api/v1/namespaces/{ns}/configmaps/x");
        var (status, body, _) = await fixture.SendAsync(HttpMethod.Patch, $"/api/v1/namespaces/{ns}/configmaps/x",
            """{"metadata":{"finalizers":["a/b","c/d"]}}""", "application/merge-patch+json");
        status.Should().Be(422);
        ((string?)body!["details"]!["causes"]![0]!["field"]).Should().Be("metadata.finalizers");
    }

    [Fact]
    public async Task The_default_namespace_cannot_be_deleted()
    {
        var (status, body, _) = await fixture.SendAsync(HttpMethod.Delete, "/api/v1/namespaces/default");
        status.Should().Be(403);
        ((string?)body!["message"]).Should().Be("namespaces \"default\" is forbidden: this namespace may not be deleted");
    }
}
