using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using Mesh.LocalCluster.Patching;
using Mesh.LocalCluster.Tests.Infrastructure;

namespace Mesh.LocalCluster.Tests.Robustness;

/// <summary>
/// Found by fuzzing the patch handlers (fuzz/run.sh patch): a body with a repeated key threw ArgumentException where
/// the object was first read (inside a JSON patch operation: a 500), and a server-side apply whose apiVersion was not
/// a string threw InvalidOperationException. Both are the client's error: 400.
/// </summary>
public sealed class PatchFuzzRegressionTests(LocalApiFixture fixture) : IClassFixture<LocalApiFixture>
{
    [Fact]
    public async Task A_json_patch_operation_with_a_repeated_key_is_a_400()
    {
        var name = ClusterTargetExtensions.Unique("dup");
        (await SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps",
            $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{{name}}}"},"data":{"a":"1"}}""", "application/json")).Status.Should().Be(201);

        var (status, body) = await SendAsync(HttpMethod.Patch, $"/api/v1/namespaces/default/configmaps/{name}",
            """[{"op":"add","path":"/data/b","path":"/data/c","value":"2"}]""", "application/json-patch+json");

        status.Should().Be(400, body?.ToJsonString());
        ((string?)body!["reason"]).Should().Be("BadRequest");
    }

    [Fact]
    public async Task A_created_object_with_a_repeated_key_is_a_400()
    {
        var (status, body) = await SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps",
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"},"spec":{},"spec":{}}""", "application/json");

        status.Should().Be(400, body?.ToJsonString());
        ((string?)body!["message"]).Should().StartWith("couldn't get version/kind; json parse error");
    }

    [Theory]
    [InlineData("""{"apiVersion":1,"kind":"Pod","metadata":{"name":"p"}}""")]
    [InlineData("""{"apiVersion":"v1","kind":{"a":"b"},"metadata":{"name":"p"}}""")]
    public void A_server_side_apply_whose_apiVersion_or_kind_is_not_a_string_is_a_400(string applied)
    {
        var act = () => PatchEngine.ApplyServerSideApply(null, JsonNode.Parse(applied)!.AsObject(), "fuzz", force: false);

        act.Should().Throw<PatchException>().Which.StatusCode.Should().Be(400);
    }

    private async Task<(int Status, JsonNode? Body)> SendAsync(HttpMethod method, string path, string body, string contentType)
    {
        var client = (Kubernetes)fixture.Client;
        using var request = new HttpRequestMessage(method, new Uri(client.BaseUri, path)) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var response = await client.HttpClient.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length > 0 ? JsonNode.Parse(text) : null);
    }
}
