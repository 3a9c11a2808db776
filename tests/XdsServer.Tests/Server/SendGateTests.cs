using FluentAssertions;
using Grpc.Core;
using Mesh.XdsServer.Server;
using Xunit;

namespace Mesh.XdsServer.Tests.Server;

public sealed class SendGateTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task At_most_the_capacity_of_large_writes_run_at_once_and_the_next_starts_when_one_ends()
    {
        var gate = new SendGate(2, 1000, Timeout.InfiniteTimeSpan, TimeProvider.System);
        var release = Enumerable.Range(0, 3).Select(_ => new TaskCompletionSource()).ToArray();
        var started = Enumerable.Range(0, 3).Select(_ => new TaskCompletionSource()).ToArray();

        var sends = Enumerable.Range(0, 3).Select(i => gate.SendAsync(5000, "CDS", async _ =>
        {
            started[i].SetResult();
            await release[i].Task;
        }, CancellationToken.None)).ToArray();

        await Task.WhenAll(started[0].Task, started[1].Task).WaitAsync(Wait);
        started[2].Task.IsCompleted.Should().BeFalse("two slots are taken");
        gate.InFlight.Should().Be(2);
        gate.Waiting.Should().Be(1);

        release[0].SetResult();
        await started[2].Task.WaitAsync(Wait);
        release[1].SetResult();
        release[2].SetResult();
        await Task.WhenAll(sends).WaitAsync(Wait);
        gate.InFlight.Should().Be(0);
    }

    [Fact]
    public async Task A_small_write_passes_while_every_slot_is_held()
    {
        var gate = new SendGate(1, 1000, Timeout.InfiniteTimeSpan, TimeProvider.System);
        var holding = new TaskCompletionSource();
        var held = gate.SendAsync(5000, "CDS", _ => holding.Task, CancellationToken.None);

        var wrote = false;
        await gate.SendAsync(999, "EDS", _ => { wrote = true; return Task.CompletedTask; }, CancellationToken.None).WaitAsync(Wait);

        wrote.Should().BeTrue();
        holding.SetResult();
        await held.WaitAsync(Wait);
    }

    [Fact]
    public async Task A_large_write_that_does_not_finish_in_time_ends_its_stream_and_frees_its_slot()
    {
        var gate = new SendGate(1, 1000, TimeSpan.FromMilliseconds(100), TimeProvider.System);

        var act = () => gate.SendAsync(5000, "CDS", token => Task.Delay(Timeout.Infinite, token), CancellationToken.None);

        var error = (await act.Should().ThrowAsync<XdsProtocolException>()).Which;
        error.Code.Should().Be(StatusCode.DeadlineExceeded);
        error.Message.Should().Contain("CDS").And.Contain("5000 bytes").And.Contain("0.1 s");
        gate.InFlight.Should().Be(0);
        var next = false;
        await gate.SendAsync(5000, "CDS", _ => { next = true; return Task.CompletedTask; }, CancellationToken.None).WaitAsync(Wait);
        next.Should().BeTrue();
    }

    [Fact]
    public async Task A_stream_that_goes_away_while_waiting_takes_no_slot_and_its_cancellation_is_not_a_timeout()
    {
        var gate = new SendGate(1, 1000, TimeSpan.FromMilliseconds(50), TimeProvider.System);
        var holding = new TaskCompletionSource();
        var held = gate.SendAsync(5000, "CDS", _ => holding.Task, CancellationToken.None);
        using var gone = new CancellationTokenSource();

        var waiting = gate.SendAsync(5000, "EDS", _ => Task.CompletedTask, gone.Token);
        gone.Cancel();

        await waiting.Invoking(w => w).Should().ThrowAsync<OperationCanceledException>();
        gate.Waiting.Should().Be(0);
        holding.SetResult();
        await held.WaitAsync(Wait);
        gate.InFlight.Should().Be(0);
    }

    [Fact]
    public async Task A_capacity_of_zero_bounds_nothing()
    {
        var gate = new SendGate(0, 0, Timeout.InfiniteTimeSpan, TimeProvider.System);
        var holding = new TaskCompletionSource();
        var sends = Enumerable.Range(0, 50).Select(_ => gate.SendAsync(1 << 20, "CDS", _ => holding.Task, CancellationToken.None)).ToArray();

        sends.Should().OnlyContain(s => !s.IsCompleted);
        gate.Waiting.Should().Be(0);
        holding.SetResult();
        await Task.WhenAll(sends).WaitAsync(Wait);
    }
}
