using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using Mesh.LocalCluster.Tests.Infrastructure;

namespace Mesh.LocalCluster.Tests.Robustness;

/// <summary>
/// Found by fuzzing (target policy): a JSON body whose strings hold invalid UTF-8 made admission throw an
/// InvalidOperationException when it first read such a string. Go's encoding/json, which kube-apiserver uses,
/// replaces invalid UTF-8 with U+FFFD; so does the embedded API now.
/// </summary>
public sealed class InvalidUtf8BodyTests(LocalApiFixture fixture) : IClassFixture<LocalApiFixture>
{
    [Fact]
    public async Task Invalid_utf8_in_a_json_string_is_stored_as_the_replacement_character()
    {
        var name = ClusterTargetExtensions.Unique("utf8");
        byte[] body =
        [
            .. Encoding.UTF8.GetBytes($$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{name}}"},"data":{"k":"a"""),
            0xFF, 0x81,
            .. Encoding.UTF8.GetBytes("b\"}}"),
        ];

        var (status, json) = await PostAsync("/api/v1/namespaces/default/configmaps", body);

        status.Should().Be(201, json?.ToJsonString());
        ((string?)json!["data"]!["k"]).Should().Be("a\uFFFD\uFFFDb");
    }

    [Fact]
    public async Task Invalid_utf8_in_a_name_is_a_validation_answer_not_a_server_error()
    {
        byte[] body =
        [
            .. Encoding.UTF8.GetBytes("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"""),
            0xC9,
            .. Encoding.UTF8.GetBytes("\"}}"),
        ];

        var (status, json) = await PostAsync("/api/v1/namespaces/default/configmaps", body);

        status.Should().Be(422, "the replacement character makes the name invalid, which is the client's error");
        ((string?)json!["details"]!["causes"]![0]!["field"]).Should().Be("metadata.name");
    }

    private async Task<(int Status, JsonNode? Body)> PostAsync(string path, byte[] body)
    {
        var client = (Kubernetes)fixture.Client;
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(client.BaseUri, path)) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");
        using var response = await client.HttpClient.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length > 0 ? JsonNode.Parse(text) : null);
    }
}
