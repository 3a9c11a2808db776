using Mesh.Testing;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Mesh.XdsServer.Config;
using Mesh.XdsServer.Snapshots;
using Mesh.XdsServer.Tests.Support;
using static Mesh.XdsServer.Tests.Config.ConfigModels;

namespace Mesh.XdsServer.Tests.Config;

/// <summary>
/// The mTLS port of an operator whose CA has no root yet (its Secret not read yet): a handshake waits for the root a
/// while (XdsServerOptions.CredentialsWait) and then fails, and the client retries; once the root is there the same
/// sidecar is served, without a restart.
/// </summary>
public sealed class TlsPortBeforeRootTests
{
    [Fact]
    public async Task A_handshake_before_the_root_fails_after_the_wait_and_the_same_client_is_served_once_the_root_exists()
    {
        using var ca = new TestCa();
        var credentials = new LateCredentials(ca);
        var pod = Pod("reviews-1", "reviews", sa: "reviews");
        await using var server = await XdsTestServer.StartSecureAsync(credentials, o => o.CredentialsWait = TimeSpan.FromMilliseconds(100));
        server.Get<MeshConfigServer>().Publish(MeshModelOf([pod])).Should().BeEmpty();
        var client = server.NewTlsClient(ca, ca.Workload("shop", "reviews"));

        await using (var early = new FakeEnvoy(client, NodeId(pod)))
        {
            var refused = async () =>
            {
                await early.SubscribeAsync(TypeUrls.Secret);
                await early.ReceiveAsync();
            };
            (await refused.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.Unavailable);
        }

        credentials.Ready = true;
        await using var envoy = new FakeEnvoy(client, NodeId(pod));
        await envoy.SubscribeAsync(TypeUrls.Secret);
        (await envoy.ReceiveAsync()).Names().Should().Contain("default");
    }

    [Fact]
    public async Task A_handshake_waiting_for_the_root_completes_when_it_arrives_without_the_client_retrying()
    {
        using var ca = new TestCa();
        var credentials = new LateCredentials(ca);
        var pod = Pod("reviews-1", "reviews", sa: "reviews");
        await using var server = await XdsTestServer.StartSecureAsync(credentials, o => o.CredentialsWait = TimeSpan.FromSeconds(30));
        server.Get<MeshConfigServer>().Publish(MeshModelOf([pod])).Should().BeEmpty();
        await using var envoy = new FakeEnvoy(server.NewTlsClient(ca, ca.Workload("shop", "reviews")), NodeId(pod));

        var subscribed = envoy.SubscribeAsync(TypeUrls.Secret);
        await Eventually.True(() => credentials.Asked > 0, "the handshake has asked for the server certificate");
        credentials.Ready = true;

        await subscribed.WaitAsync(TimeSpan.FromSeconds(20));
        (await envoy.ReceiveAsync()).Names().Should().Contain("default");
    }

    private sealed class LateCredentials(TestCa ca) : IXdsCredentials
    {
        public volatile bool Ready;

        private int _asked;

        public int Asked => Volatile.Read(ref _asked);

        public X509Certificate2? ServerCertificate
        {
            get
            {
                Interlocked.Increment(ref _asked);
                return Ready ? ca.ServerCertificate : null;
            }
        }

        public X509Certificate2Collection TrustBundle => Ready ? ca.TrustBundle : [];
    }
}
