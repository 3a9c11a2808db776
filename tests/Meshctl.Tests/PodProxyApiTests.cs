using System.Net;
using System.Text.Json;
using k8s;
using k8s.Models;
using Mesh.LocalCluster;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mesh.Meshctl.Tests;

/// <summary>
/// The embedded API's pods/proxy, as kube-apiserver answers it: name, name:port and scheme:name:port; the first
/// container port when none is given; 301 to add the slash of an empty path; the backend's status and body passed
/// through; Status errors 404 (no pod), 400 (bad name, an address the server may not dial) and 503 (dial failed).
/// </summary>
public sealed class PodProxyApiTests : IAsyncLifetime
{
    private LocalApiServer? _api;
    private WebApplication? _backend;
    private HttpClient? _http;

    private LocalApiServer Api => _api!;

    private HttpClient Http => _http!;

    public async Task InitializeAsync()
    {
        _api = await LocalApiServer.StartAsync(new LocalApiServerOptions());
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _backend = builder.Build();
        _backend.Run(async context =>
        {
            context.Response.StatusCode = context.Request.Path.Value == "/missing" ? 404 : 200;
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}");
        });
        await _backend.StartAsync();
        var backend = new Uri(_backend.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        _http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Api.BaseAddress };

        using var client = new Kubernetes(Api.ClientConfiguration);
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "demo" } });
        foreach (var name in new[] { "web", "unmapped" })
        {
            await client.CoreV1.CreateNamespacedPodAsync(new V1Pod
            {
                Metadata = new V1ObjectMeta { Name = name },
                Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "x", Ports = [new V1ContainerPort { ContainerPort = 8080 }, new V1ContainerPort { ContainerPort = 9090 }] }] },
            }, "demo");
            var patch = """{"status":{"phase":"Running","podIP":"127.0.0.1"}}""";
            await client.CoreV1.PatchNamespacedPodStatusAsync(new V1Patch(patch, V1Patch.PatchType.MergePatch), name, "demo");
        }
        Api.PodProxies.Map("demo", "web", 8080, backend);
    }

    public async Task DisposeAsync()
    {
        _http?.Dispose();
        if (_backend is not null)
        {
            await _backend.DisposeAsync();
        }
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("web:8080/proxy/a/b?x=1", "GET /a/b?x=1")]
    [InlineData("web/proxy/a/", "GET /a/")]
    [InlineData("http:web:8080/proxy/debug%2Fxds%2Fproxies", "GET /debug/xds/proxies")]
    public async Task A_mapped_pod_port_gets_the_path_and_query(string rest, string echoed)
    {
        using var response = await Http.GetAsync($"api/v1/namespaces/demo/pods/{rest}");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Be(echoed);
    }

    [Fact]
    public async Task The_backends_status_is_passed_through_and_other_methods_are_forwarded()
    {
        using var missing = await Http.GetAsync("api/v1/namespaces/demo/pods/web:8080/proxy/missing");
        using var post = await Http.PostAsync("api/v1/namespaces/demo/pods/web:8080/proxy/x", new StringContent("{}"));

        missing.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await missing.Content.ReadAsStringAsync()).Should().Be("GET /missing");
        (await post.Content.ReadAsStringAsync()).Should().Be("POST /x");
    }

    [Fact]
    public async Task An_empty_path_is_redirected_to_the_same_path_with_a_slash()
    {
        using var response = await Http.GetAsync("api/v1/namespaces/demo/pods/web:8080/proxy?q=1");

        response.StatusCode.Should().Be(HttpStatusCode.MovedPermanently);
        response.Headers.Location!.ToString().Should().Be("/api/v1/namespaces/demo/pods/web:8080/proxy/?q=1");
    }

    [Theory]
    [InlineData("nope:8080/proxy/", 404, "NotFound", "pods \"nope\" not found")]
    [InlineData("a:b:c:d/proxy/", 400, "BadRequest", "invalid pod request \"a:b:c:d\"")]
    [InlineData("ftp:web:8080/proxy/", 400, "BadRequest", "invalid pod request \"ftp:web:8080\"")]
    [InlineData("unmapped:8080/proxy/", 400, "BadRequest", "address not allowed")]
    [InlineData("web:9090/proxy/", 400, "BadRequest", "address not allowed")]
    public async Task Errors_are_Status_objects_as_the_real_server_writes_them(string rest, int code, string reason, string message)
    {
        using var response = await Http.GetAsync($"api/v1/namespaces/demo/pods/{rest}");

        ((int)response.StatusCode).Should().Be(code);
        using var status = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        status.RootElement.GetProperty("kind").GetString().Should().Be("Status");
        status.RootElement.GetProperty("reason").GetString().Should().Be(reason);
        status.RootElement.GetProperty("message").GetString().Should().Be(message);
    }

    [Fact]
    public async Task A_mapped_port_nothing_listens_on_is_503_error_trying_to_reach_service()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var closed = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        Api.PodProxies.Map("demo", "unmapped", 8080, new Uri($"http://127.0.0.1:{closed}"));

        using var response = await Http.GetAsync("api/v1/namespaces/demo/pods/unmapped:8080/proxy/");

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        using var status = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        status.RootElement.GetProperty("reason").GetString().Should().Be("ServiceUnavailable");
        status.RootElement.GetProperty("message").GetString().Should().Be("error trying to reach service: dial tcp 127.0.0.1:8080: connect: connection refused");
    }

    [Fact]
    public async Task Discovery_lists_pods_proxy_with_its_verbs()
    {
        using var client = new Kubernetes(Api.ClientConfiguration);

        var resources = await client.CoreV1.GetAPIResourcesAsync();

        var proxy = resources.Resources.Should().ContainSingle(r => r.Name == "pods/proxy").Subject;
        proxy.Kind.Should().Be("PodProxyOptions");
        proxy.Verbs.Should().BeEquivalentTo("create", "delete", "get", "patch", "update");
    }
}
