namespace Mesh.Operator.Capture;

/// <summary>The programs capture runs; tests point them elsewhere to prove the error paths.</summary>
internal sealed record IptablesTools
{
    /// <summary>Reads the current nat table (to keep a rerun from duplicating our jumps).</summary>
    public string Save { get; init; } = "iptables-save";

    /// <summary>Installs the rules atomically (one transaction, <c>--noflush</c> so other chains stay).</summary>
    public string Restore { get; init; } = "iptables-restore";

    /// <summary>How long one program may run before capture gives up.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);
}
