using Mesh.XdsServer.Contract;

namespace Mesh.Operator.Capture;

/// <summary><c>mesh-operator capture</c>: parse, build the rules (pure), print them (--dry-run) or install them.</summary>
internal static class CaptureCommand
{
    /// <summary>Exit codes: 0 installed (or printed), 1 installing failed, 2 bad arguments.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, IptablesTools tools, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        ArgumentNullException.ThrowIfNull(tools);
        if (args.Any(a => a is "-h" or "--help"))
        {
            await stdout.WriteLineAsync(CaptureArguments.Usage).ConfigureAwait(false);
            return 0;
        }

        var (options, errors, warnings) = CaptureArguments.Parse(args);
        foreach (var warning in warnings)
        {
            await stderr.WriteLineAsync($"warning: {warning}").ConfigureAwait(false);
        }

        if (options is null)
        {
            foreach (var error in errors)
            {
                await stderr.WriteLineAsync($"error: {error}").ConfigureAwait(false);
            }

            await stderr.WriteLineAsync(CaptureArguments.Usage).ConfigureAwait(false);
            return 2;
        }

        var rules = CaptureRules.Build(options);
        if (options.DryRun)
        {
            await stdout.WriteAsync(CaptureRules.RestoreInput(rules, "")).ConfigureAwait(false);
            return 0;
        }

        try
        {
            await new IptablesApplier(tools).ApplyAsync(rules, ct).ConfigureAwait(false);
        }
        catch (CaptureException e)
        {
            await stderr.WriteLineAsync($"error: {SidecarContract.CaptureCommand}: {e.Message}").ConfigureAwait(false);
            return 1;
        }

        await stdout.WriteLineAsync(
            $"{SidecarContract.CaptureCommand}: {rules.Count(r => r.StartsWith("-A", StringComparison.Ordinal))} nat rules installed " +
            $"(inbound TCP -> {options.InboundPort}, outbound TCP -> {options.OutboundPort}, UID/GID {options.ProxyUid}/{options.ProxyGid} not captured).").ConfigureAwait(false);
        return 0;
    }
}
