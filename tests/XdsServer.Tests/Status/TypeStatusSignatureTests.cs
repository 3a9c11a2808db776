using System.Text;
using FluentAssertions;
using Mesh.XdsServer.Snapshots;
using Mesh.XdsServer.Status;
using Xunit;

namespace Mesh.XdsServer.Tests.Status;

public sealed class TypeStatusSignatureTests
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
    public void An_endpoint_push_and_its_ack_at_the_same_generation_leave_the_signature_as_it_was()
    {
        var labels = new Dictionary<string, string> { ["mesh.dev/policy-a.p"] = "1" };
        var synced = TypeStatusSignature.Of(Status(SyncState.Synced, labels, labels, nonce: null));

        // Pushed (stale) then ACKed again, with equal maps from a newer snapshot.
        var copy = new Dictionary<string, string>(labels);
        TypeStatusSignature.Of(Status(SyncState.Stale, copy, labels, nonce: null)).SameAs(synced).Should().BeTrue();
        TypeStatusSignature.Of(Status(SyncState.Synced, copy, copy, nonce: null)).SameAs(synced).Should().BeTrue();
    }

    [Fact]
    public void A_new_generation_moves_the_signature_when_pushed_and_again_when_acked()
    {
        var one = new Dictionary<string, string> { ["mesh.dev/policy-a.p"] = "1" };
        var two = new Dictionary<string, string> { ["mesh.dev/policy-a.p"] = "2" };
        var synced = TypeStatusSignature.Of(Status(SyncState.Synced, one, one, nonce: null));
        var pushed = TypeStatusSignature.Of(Status(SyncState.Stale, two, one, nonce: null));
        var acked = TypeStatusSignature.Of(Status(SyncState.Synced, two, two, nonce: null));

        pushed.SameAs(synced).Should().BeFalse();
        acked.SameAs(pushed).Should().BeFalse();
        TypeStatusSignature.Of(Status(SyncState.Nacked, two, one, nonce: "7")).SameAs(pushed).Should().BeFalse("a NACK is read by the policy");
        TypeStatusSignature.Of(Status(SyncState.Nacked, two, one, nonce: "8"))
            .SameAs(TypeStatusSignature.Of(Status(SyncState.Nacked, two, one, nonce: "7"))).Should().BeFalse("another NACK is another event");
    }

    /// <summary>
    /// The signature is equal exactly when this text of what a policy reads is: per label of what the proxy should hold,
    /// the value and, when not ACKed with it, what was ACKed and whether the type is in sync; labels ACKed but no longer
    /// current; the NACK and its nonce.
    /// </summary>
    [Fact]
    public void Two_signatures_are_the_same_exactly_when_what_a_policy_reads_of_them_is()
    {
        var random = new Random(1234);
        var states = Enum.GetValues<SyncState>();
        TypeSyncStatus Any()
        {
            var state = states[random.Next(states.Length)];
            return Status(state, Maps[random.Next(Maps.Length)], Maps[random.Next(Maps.Length)],
                random.Next(4) == 0 ? null : $"n{random.Next(3)}");
        }

        var same = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var (a, b) = (Any(), Any());
            var expected = Text(a) == Text(b);
            same += expected ? 1 : 0;
            TypeStatusSignature.Of(a).SameAs(TypeStatusSignature.Of(b)).Should().Be(expected,
                $"pair {i}: {a.State} {Show(a.CurrentLabels)} acked {Show(a.AckedLabels)} against {b.State} {Show(b.CurrentLabels)} acked {Show(b.AckedLabels)}");
        }

        same.Should().BeGreaterThan(200, "the generator makes equal pairs too");
    }

    private static string Text(TypeSyncStatus type)
    {
        var text = new StringBuilder(type.TypeUrl).Append('|');
        if (type.State == SyncState.Nacked)
        {
            text.Append("nack:").Append(type.LastNack?.Nonce).Append('|');
        }

        foreach (var (label, current) in (type.CurrentLabels ?? new Dictionary<string, string>()).OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            text.Append(label).Append('=').Append(current);
            var acked = type.AckedLabels?.GetValueOrDefault(label);
            if (acked != current)
            {
                text.Append(";acked=").Append(acked).Append(";synced=").Append(type.State == SyncState.Synced);
            }

            text.Append('|');
        }

        foreach (var (label, acked) in (type.AckedLabels ?? new Dictionary<string, string>()).OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            if (type.CurrentLabels?.ContainsKey(label) != true)
            {
                text.Append("held:").Append(label).Append('=').Append(acked).Append('|');
            }
        }

        return text.ToString();
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
