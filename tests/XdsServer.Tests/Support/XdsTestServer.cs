using System.Net;
using Envoy.Service.Discovery.V3;
using Grpc.Net.Client;
using Mesh.XdsServer.Cache;
using Mesh.XdsServer.Hosting;
using Mesh.XdsServer.Status;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mesh.XdsServer.Tests.Support;

/// <summary>The ADS server hosted in-process on Kestrel, 127.0.0.1 on a free port, plaintext HTTP/2.</summary>
internal sealed class XdsTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<GrpcChannel> _channels = [];

    private XdsTestServer(WebApplication app, Uri address, Uri? tlsAddress = null)
    {
        _app = app;
        Address = address;
        TlsAddress = tlsAddress;
    }

    public Uri Address { get; }

    /// <summary>The mTLS port, when started with <see cref="StartSecureAsync"/>.</summary>
    public Uri? TlsAddress { get; }

    public SnapshotCache Cache => _app.Services.GetRequiredService<SnapshotCache>();

    public IProxyStatusSource Status => _app.Services.GetRequiredService<IProxyStatusSource>();

    /// <summary>A service of the server's container (e.g. the MeshConfigServer when it was added).</summary>
    public T Get<T>()
        where T : notnull => _app.Services.GetRequiredService<T>();

    public static async Task<XdsTestServer> StartAsync(
        Action<XdsServerOptions>? configure = null, Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2));
        builder.Services.AddXdsServer(options =>
        {
            options.Debounce = TimeSpan.FromMilliseconds(5);
            options.MaxDebounceDelay = TimeSpan.FromMilliseconds(50);
            configure?.Invoke(options);
        });
        services?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapXdsServer();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!
            .Addresses.Single();
        return new XdsTestServer(app, new Uri(address));
    }

    /// <summary>
    /// The server as the operator runs it: a plaintext port and an mTLS port (credentials from <paramref name="ca"/>),
    /// the config server deciding snapshots and the SPIFFE authorizer checking every stream.
    /// </summary>
    public static async Task<XdsTestServer> StartSecureAsync(Mesh.XdsServer.Config.IXdsCredentials ca, Action<XdsServerOptions>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2);
            k.Listen(IPAddress.Loopback, 0, l => l.UseXdsTls());
        });
        builder.Services.AddSingleton<Mesh.XdsServer.Config.IXdsCredentials>(ca);
        builder.Services.AddSingleton<Mesh.XdsServer.Config.INodeAuthorizer, Mesh.XdsServer.Config.SpiffeNodeAuthorizer>();
        builder.Services.AddMeshConfigServer(options =>
        {
            options.Debounce = TimeSpan.FromMilliseconds(5);
            options.MaxDebounceDelay = TimeSpan.FromMilliseconds(50);
            configure?.Invoke(options);
        });
        var app = builder.Build();
        app.MapXdsServer();
        await app.StartAsync();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.ToList();
        return new XdsTestServer(app, new Uri(addresses.Single(a => a.StartsWith("http://", StringComparison.Ordinal))),
            new Uri(addresses.Single(a => a.StartsWith("https://", StringComparison.Ordinal))));
    }

    /// <summary>A client of the mTLS port presenting <paramref name="certificate"/> (or none) and trusting only <paramref name="ca"/>.</summary>
    public AggregatedDiscoveryService.AggregatedDiscoveryServiceClient NewTlsClient(TestCa ca, System.Security.Cryptography.X509Certificates.X509Certificate2? certificate)
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, server, _, _) =>
            server is not null && ca.Trusts(System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(server.GetRawCertData()));
        if (certificate is not null)
        {
            handler.SslOptions.ClientCertificates = [certificate];
        }

        var channel = GrpcChannel.ForAddress(TlsAddress!, new GrpcChannelOptions { HttpHandler = handler });
        _channels.Add(channel);
        return new AggregatedDiscoveryService.AggregatedDiscoveryServiceClient(channel);
    }

    /// <summary>A new HTTP/2 connection, as each proxy has its own.</summary>
    public AggregatedDiscoveryService.AggregatedDiscoveryServiceClient NewClient()
    {
        var channel = GrpcChannel.ForAddress(Address, new GrpcChannelOptions { MaxReceiveMessageSize = null });
        _channels.Add(channel);
        return new AggregatedDiscoveryService.AggregatedDiscoveryServiceClient(channel);
    }

    public HttpClient NewHttpClient() => new()
    {
        BaseAddress = Address,
        DefaultRequestVersion = HttpVersion.Version20,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
    };

    /// <summary>Waits until the status of <paramref name="nodeId"/> satisfies <paramref name="condition"/>.</summary>
    public async Task<ProxyStatus> WaitForStatusAsync(string nodeId, Func<ProxyStatus, bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            if (Status.GetProxy(nodeId) is { } status && condition(status))
            {
                return status;
            }

            if (timeout.IsCancellationRequested)
            {
                throw new TimeoutException($"status of '{nodeId}' never met the condition; last: {Status.GetProxy(nodeId)}");
            }

            await Task.Delay(10, CancellationToken.None);
        }
    }

    /// <summary>Waits until no stream of <paramref name="nodeId"/> is open.</summary>
    public async Task WaitForGoneAsync(string nodeId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (Status.GetProxy(nodeId) is not null)
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
