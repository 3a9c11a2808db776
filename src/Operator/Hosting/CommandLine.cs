using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using System.Globalization;
using Mesh.XdsServer.Contract;

namespace Mesh.Operator.Hosting;

/// <summary>
/// The <c>mesh-operator</c> command line on System.CommandLine: cluster mode (the root command), <c>local</c> and
/// <c>capture</c>. Every mistake is reported at once; flag names and defaults are the ones config/manager and the
/// Dockerfile pass, so they never change.
/// </summary>
public static class CommandLine
{
    public const string Usage = """
        mesh-operator runs against a cluster: the in-cluster config inside a pod, else --kubeconfig, $KUBECONFIG or
        ~/.kube/config. Sidecars connect to the mTLS xDS port (default 15012); the plaintext port for proxyless gRPC
        clients is off unless --xds-port is given. The sidecar injector serves HTTPS on --webhook-port (default 9443)
        with a certificate from the built-in CA, or from DIR/tls.crt and DIR/tls.key (a cert-manager Secret mounted
        there; caBundle is then cert-manager's). Leader election (a Lease in $POD_NAMESPACE) is on unless
        --leader-elect=false (one replica only).
        """;

    private const string LocalUsage = """
        Starts an embedded Kubernetes API on loopback, writes its kubeconfig to --kubeconfig (default
        ./.kube-local/config), installs config/crd, applies the given manifests (a folder: every *.yaml in it, not its
        subfolders) and runs the operator, the sidecar injector webhook and the xDS server (plaintext port 15010, mTLS
        port 15012; 0 picks a free port) against it. Ctrl-C stops everything.
        """;

    private const string CaptureUsage = """
        Installs the sidecar's iptables capture rules in this network namespace (the injected init container runs it);
        mesh-operator capture --help lists its options.
        """;

    public static OperatorCommand Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Count > 0 && args[0] == SidecarContract.CaptureCommand)
        {
            // capture has options of its own (Capture.CaptureArguments parses them, as the injected container passes them).
            return new OperatorCommand { CaptureArgs = args.Skip(1).ToList() };
        }

        var cli = new Cli();
        var parsed = cli.Root.Parse(args.ToArray());
        var local = parsed.CommandResult.Command == cli.Local;
        var errors = parsed.Errors.Select(e => e.Message).ToList();
        // Option values are converted when read, and once the parser meets an unknown token it stops reporting the
        // rest: read every option so that all mistakes are reported at once.
        foreach (var option in cli.Options)
        {
            try
            {
                _ = parsed.GetResult(option)?.GetValueOrDefault<object?>();
            }
            catch (InvalidOperationException e)
            {
                if (!errors.Contains(e.Message))
                {
                    errors.Add(e.Message);
                }
            }
        }

        if (errors.Count > 0)
        {
            // Values of options in error cannot be read; the caller prints the errors and stops.
            return new OperatorCommand { Local = local, Errors = errors };
        }

        return new OperatorCommand
        {
            Local = local,
            // --help and --version: the program prints what System.CommandLine prints for them and exits.
            Help = parsed.Action is HelpAction || parsed.GetResult(cli.Root.Options.OfType<VersionOption>().Single()) is not null,
            Kubeconfig = parsed.GetValue(cli.Kubeconfig),
            XdsPort = parsed.GetValue(cli.XdsPort),
            XdsTlsPort = parsed.GetValue(cli.XdsTlsPort),
            HttpPort = parsed.GetValue(cli.HttpPort),
            WebhookPort = parsed.GetValue(cli.WebhookPort),
            WebhookCertDir = parsed.GetValue(cli.WebhookCertDir),
            LeaderElect = parsed.GetResult(cli.LeaderElect) is not { } leaderElect || leaderElect.Tokens.Count == 0 || bool.Parse(leaderElect.Tokens[0].Value),
            Apply = local ? parsed.GetValue(cli.Apply) ?? [] : [],
        };
    }

    /// <summary>
    /// Writes the help of the command <paramref name="args"/> name (the root's, or local's), or the version when they
    /// ask for it, to <paramref name="output"/>.
    /// </summary>
    public static void WriteHelp(IReadOnlyList<string> args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(args);
        var cli = new Cli();
        var asked = args.Contains("--version") ? args : args.Where(a => a is not ("-h" or "--help" or "-?")).Append("--help");
        cli.Root.Parse(asked.ToArray()).Invoke(new InvocationConfiguration { Output = output });
    }

    private sealed class Cli
    {
        public Cli()
        {
            Local = new Command("local", LocalUsage) { Apply };
            var capture = new Command(SidecarContract.CaptureCommand, CaptureUsage);
            Root = new RootCommand(Usage) { Kubeconfig, XdsPort, XdsTlsPort, HttpPort, WebhookPort, WebhookCertDir, LeaderElect, ApplyOutsideLocal, Local, capture };
            // The program acts on the parse result itself; actions only mark the commands as runnable.
            Root.SetAction(_ => 0);
            Local.SetAction(_ => 0);
            capture.SetAction(_ => 0);
            Root.Validators.Add(result =>
            {
                if (result.GetValue(ApplyOutsideLocal) is { Count: > 0 })
                {
                    result.AddError("--apply works only in local mode: use kubectl apply -f against a cluster.");
                }
            });
        }

        public RootCommand Root { get; }

        public IEnumerable<Option> Options => [Kubeconfig, XdsPort, XdsTlsPort, HttpPort, WebhookPort, WebhookCertDir, LeaderElect, Apply];

        public Command Local { get; }

        public Option<string?> Kubeconfig { get; } = new("--kubeconfig")
        {
            Description = "The kubeconfig to read (cluster mode) or to write (local mode).",
            Recursive = true,
        };

        public Option<int?> XdsPort { get; } = PortOption("--xds-port", "Plaintext xDS for proxyless gRPC clients (cluster mode: off unless given; local: 15010).");

        public Option<int?> XdsTlsPort { get; } = PortOption("--xds-tls-port", "mTLS xDS for sidecars (default 15012).");

        public Option<int?> HttpPort { get; } = PortOption("--http-port", "/metrics, /healthz, /readyz and /debug (cluster mode: 8080; local: a free port).");

        public Option<int?> WebhookPort { get; } = PortOption("--webhook-port", "The admission webhooks' HTTPS port (cluster mode: 9443; local: a free port).");

        public Option<string?> WebhookCertDir { get; } = new("--webhook-cert-dir")
        {
            Description = "A folder with the webhook's tls.crt and tls.key (cert-manager); default: the built-in CA issues them.",
            Recursive = true,
        };

        /// <summary>
        /// A string, not a bool: System.CommandLine leaves a value that does not parse as a bool unmatched ("maybe" would be
        /// an unknown argument), while the mistake is the flag's value and is named so.
        /// </summary>
        public Option<string?> LeaderElect { get; } = LeaderElectOption();

        public Option<List<string>> Apply { get; } = new("--apply", "-f")
        {
            Description = "A manifest file or folder to apply once the operator runs (repeatable).",
            AllowMultipleArgumentsPerToken = false,
        };

        /// <summary>Accepted on the root only to say why it does not belong there.</summary>
        public Option<List<string>> ApplyOutsideLocal { get; } = new("--apply", "-f") { Hidden = true };

        private static Option<string?> LeaderElectOption()
        {
            var option = new Option<string?>("--leader-elect")
            {
                Description = "Take a Lease before reconciling: true (the default, also when given alone) or false (a single replica).",
                Arity = ArgumentArity.ZeroOrOne,
                Recursive = true,
            };
            option.Validators.Add(result =>
            {
                if (result.Tokens.Count > 0 && !bool.TryParse(result.Tokens[0].Value, out _))
                {
                    result.AddError($"--leader-elect '{result.Tokens[0].Value}' is not a boolean: give true or false.");
                }
            });
            return option;
        }

        private static Option<int?> PortOption(string name, string description) => new(name)
        {
            Description = description,
            Recursive = true,
            CustomParser = result =>
            {
                var value = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
                if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 0 and <= 65535)
                {
                    return port;
                }

                result.AddError($"{name} '{value}' is not a port: give a number from 0 (any free port) to 65535.");
                return null;
            },
        };
    }
}
