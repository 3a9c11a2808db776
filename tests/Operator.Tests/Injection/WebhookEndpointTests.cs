using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Mesh.Operator.Certificates;
using Mesh.Operator.Injection;
using Mesh.XdsServer.Contract;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mesh.Operator.Tests.Injection;

/// <summary>
/// The injector over real HTTPS on loopback, wired as the host wires it (ListenWebhook + MapSidecarInjector), called
/// the way kube-apiserver calls it: the server certificate must chain to the caBundle root and name the Service's DNS name.
/// </summary>
public sealed class WebhookEndpointTests : IAsyncLifetime, IDisposable
{
    private readonly X509Certificate2 _root = CertificateFactory.CreateRoot("webhook test root", DateTimeOffset.UtcNow.AddMinutes(-1), TimeSpan.FromDays(1), 0, RandomNumberGenerator.GetBytes(16));
    private WebApplication? _app;
    private HttpClient? _client;
    private Uri _https = null!;
    private Uri _http = null!;

    private sealed class FixedCertificate(X509Certificate2 certificate) : IWebhookCertificateSource
    {
        public X509Certificate2? Current => certificate;
    }

    public async Task InitializeAsync()
    {
        var serving = WebhookServingCertificate.Issue(_root, WebhookServingCertificate.DnsNames(SidecarContract.ControlPlaneNamespace), DateTimeOffset.UtcNow, RandomNumberGenerator.GetBytes(16));
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.ListenWebhook(new WebhookOptions { Endpoint = new IPEndPoint(IPAddress.Loopback, 0) });
            kestrel.Listen(IPAddress.Loopback, 0);
        });
        builder.Services.AddSingleton<IWebhookCertificateSource>(new FixedCertificate(serving));
        builder.Services.AddSingleton<IInjectionPolicySource>(new FakePolicySource(InjectionCase.Load("native-with-user-init").Policies));
        builder.Services.AddSingleton(new InjectorOptions());
        builder.Services.AddSingleton<AdmissionHandler>();
        _app = builder.Build();
        _app.MapSidecarInjector();
        await _app.StartAsync();
        var addresses = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.ToList();
        _https = new Uri(addresses.Single(a => a.StartsWith("https://", StringComparison.Ordinal)));
        _http = new Uri(addresses.Single(a => a.StartsWith("http://", StringComparison.Ordinal)));
        _client = new HttpClient(new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                TargetHost = SidecarContract.WebhookHost(),
                RemoteCertificateValidationCallback = (_, certificate, _, errors) => ChainsToRootAndNamesTheService(certificate, errors),
            },
        });
    }

    /// <summary>What the API server checks: the chain ends at the caBundle root and the name is the Service's.</summary>
    private bool ChainsToRootAndNamesTheService(X509Certificate? certificate, SslPolicyErrors errors)
    {
        // The name is checked here rather than through SslPolicyErrors, which may compare against the dialled address.
        if (certificate is null)
        {
            return false;
        }
        var leaf = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        if (!leaf.MatchesHostname(SidecarContract.WebhookHost()))
        {
            _rejections.Add($"name: {errors}");
            return false;
        }
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(_root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        var built = chain.Build(leaf);
        if (!built)
        {
            _rejections.Add(string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));
        }
        return built;
    }

    private readonly System.Collections.Concurrent.ConcurrentBag<string> _rejections = [];

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    public void Dispose() => _root.Dispose();

    private async Task<HttpResponseMessage> PostAsync(Uri baseUri, string body, string contentType = "application/json")
    {
        try
        {
            return await _client!.PostAsync(new Uri(baseUri, SidecarContract.InjectorPath), new StringContent(body, Encoding.UTF8, contentType));
        }
        catch (HttpRequestException e)
        {
            throw new InvalidOperationException($"TLS rejected: {string.Join(" | ", _rejections)}", e);
        }
    }

    [Fact]
    public async Task A_sample_pod_posted_over_https_comes_back_with_the_sidecar_patch()
    {
        var shop = InjectionCase.Load("native-with-user-init");
        using var response = await PostAsync(_https, AdmissionReviews.For(shop.Pod, "shop").ToJsonString());
        _rejections.Should().BeEmpty();
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        var answer = AdmissionReviews.Response(await response.Content.ReadAsStringAsync());
        var patched = shop.Patched(new InjectionResult { Outcome = InjectionOutcome.Injected, Patch = AdmissionReviews.Patch(answer)! });
        patched["spec"]!["initContainers"]!.AsArray().Select(c => (string?)c!["name"]).Should().Equal("mesh-init", "mesh-proxy", "migrate");
        ((string?)patched["metadata"]!["labels"]![SidecarContract.TlsModeLabel]).Should().Be("mesh");
    }

    [Fact]
    public async Task A_body_that_is_not_an_admission_review_is_a_400()
    {
        using var response = await PostAsync(_https, "{\"hello\":\"world\"}");
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).Should().Contain("not an AdmissionReview");
    }

    [Fact]
    public async Task A_body_over_3_MiB_is_a_413()
    {
        var pod = InjectionCase.Load("native-with-user-init").Pod;
        pod["metadata"]!["annotations"]!["padding"] = new string('x', AdmissionHandler.MaxBodyBytes);
        using var response = await PostAsync(_https, AdmissionReviews.For(pod, "shop").ToJsonString());
        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await response.Content.ReadAsStringAsync()).Should().Contain("3 MiB");
    }

    [Fact]
    public async Task A_chunked_body_over_the_limit_is_a_413_too()
    {
        var big = new string(' ', AdmissionHandler.MaxBodyBytes + 10);
        using var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big)));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_https, SidecarContract.InjectorPath)) { Content = content };
        request.Headers.TransferEncodingChunked = true;
        using var response = await _client!.SendAsync(request);
        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task A_body_that_is_not_json_by_content_type_is_a_415()
    {
        using var response = await PostAsync(_https, "uid: x", "application/yaml");
        response.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task The_plaintext_port_does_not_serve_admission()
    {
        using var response = await PostAsync(_http, AdmissionReviews.For(new JsonObject(), "shop").ToJsonString());
        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }
}
