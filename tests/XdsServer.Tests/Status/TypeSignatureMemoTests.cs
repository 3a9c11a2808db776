using FluentAssertions;
using Mesh.XdsServer.Snapshots;
using Mesh.XdsServer.Status;
using Xunit;

namespace Mesh.XdsServer.Tests.Status;

public sealed class TypeSignatureMemoTests
{
    private static readonly IReadOnlyDictionary<string, string>?[] Maps =
    [
        null,
        new Dictionary<string, string>(),
        new Dictionary<string, string> { ["mesh.dev/policy-a.p"] = "1" },
        new Dictionary<string, string> { ["mesh.dev/policy-a.p"] = "1" },
        new Dictionary<string, string> { ["mesh.dev/policy-a.p"] = "2" },
        new Dictionary<string, string> { ["mesh.dev/policy-a.p"] = "1", ["mesh.dev/policy-b.p"] = "1" },
        new Dictionary<string, string> { ["mesh.dev/policy-b.p"] = "1" },
    ];

    [Fact]
    public void A_status_built_again_from_the_same_labels_gets_the_text_already_made()
    {
        var memo = new TypeSignatureMemo();
        var labels = new Dictionary<string, string> { ["mesh.dev/policy-a.p"] = "1" };
        var first = memo.Of(Status(SyncState.Synced, labels, labels, nonce: null));

        // Pushed (stale) then ACKed again at the same generation, with equal maps from a newer snapshot.
        var copy = new Dictionary<string, string>(labels);
        memo.Of(Status(SyncState.Stale, copy, labels, nonce: null)).Should().BeSameAs(first);
        memo.Of(Status(SyncState.Synced, copy, copy, nonce: null)).Should().BeSameAs(first);
    }

    [Fact]
    public void The_text_always_equals_a_fresh_one_whatever_the_sequence_of_statuses()
    {
        var random = new Random(1234);
        var memo = new TypeSignatureMemo();
        for (var i = 0; i < 5_000; i++)
        {
            var state = (SyncState)random.Next(Enum.GetValues<SyncState>().Length);
            var status = Status(state, Maps[random.Next(Maps.Length)], Maps[random.Next(Maps.Length)],
                state == SyncState.Nacked ? $"n{random.Next(3)}" : null);

            memo.Of(status).Should().Be(ProxyStatusSignature.OfType(status), $"step {i}: {state}, current {Show(status.CurrentLabels)}, acked {Show(status.AckedLabels)}");
        }
    }

    private static TypeSyncStatus Status(SyncState state, IReadOnlyDictionary<string, string>? current, IReadOnlyDictionary<string, string>? acked, string? nonce) => new()
    {
        TypeUrl = TypeUrls.Endpoint,
        State = state,
        CurrentLabels = current,
        AckedLabels = acked,
        LastNack = nonce is null ? null : new NackInfo
        {
            RejectedVersion = "v2",
            AcceptedVersion = "v1",
            Nonce = nonce,
            ErrorMessage = "bad",
            At = DateTimeOffset.UnixEpoch,
        },
    };

    private static string Show(IReadOnlyDictionary<string, string>? map) =>
        map is null ? "null" : "{" + string.Join(",", map.Select(p => $"{p.Key}={p.Value}")) + "}";
}
