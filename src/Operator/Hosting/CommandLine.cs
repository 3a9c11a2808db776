using System.Globalization;
using Mesh.XdsServer.Contract;

namespace Mesh.Operator.Hosting;

/// <summary>Parses the few options of <c>mesh-operator</c> by hand, reporting every mistake at once.</summary>
public static class CommandLine
{
    public const string Usage = """
        Usage:
          mesh-operator [--kubeconfig PATH] [--xds-tls-port PORT] [--xds-port PORT] [--http-port PORT]
                        [--webhook-port PORT] [--webhook-cert-dir DIR] [--leader-elect[=true|false]]
              Runs against a cluster: the in-cluster config inside a pod, else PATH or $KUBECONFIG or ~/.kube/config.
              Sidecars connect to the mTLS xDS port (default 15012); the plaintext port for proxyless gRPC clients is
              off unless --xds-port is given.
              The sidecar injector serves HTTPS on --webhook-port (default 9443) with a certificate from the built-in CA,
              or from DIR/tls.crt and DIR/tls.key (a cert-manager Secret mounted there; caBundle is then cert-manager's).
              Leader election (a Lease in $POD_NAMESPACE) is on unless --leader-elect=false (one replica only).
          mesh-operator local [--kubeconfig PATH] [--xds-port PORT] [--xds-tls-port PORT] [--http-port PORT] [--apply FILE_OR_DIR]...
              Starts an embedded Kubernetes API on loopback, writes its kubeconfig to PATH (default ./.kube-local/config),
              installs config/crd, applies the given manifests (a folder: every *.yaml in it, not its subfolders) and runs
              the operator, the sidecar injector webhook and the xDS server (plaintext port 15010, mTLS port 15012; 0 picks
              a free port) against it. Ctrl-C stops everything.
          mesh-operator capture [options]
              Installs the sidecar's iptables capture rules in this network namespace (the injected init container
              runs it); mesh-operator capture --help lists its options.
        """;

    public static OperatorCommand Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var errors = new List<string>();
        var apply = new List<string>();
        var command = new OperatorCommand();
        var i = 0;
        if (args.Count > 0 && args[0] == SidecarContract.CaptureCommand)
        {
            // capture has options of its own (Capture.CaptureArguments parses them).
            return command with { CaptureArgs = args.Skip(1).ToList() };
        }

        if (args.Count > 0 && args[0] == "local")
        {
            command = command with { Local = true };
            i = 1;
        }

        for (; i < args.Count; i++)
        {
            var arg = args[i];
            var (name, inline) = arg.Contains('=') && arg.StartsWith("--", StringComparison.Ordinal)
                ? (arg[..arg.IndexOf('=')], arg[(arg.IndexOf('=') + 1)..])
                : (arg, null);
            string? Value()
            {
                if (inline is not null)
                {
                    return inline;
                }

                if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    return args[++i];
                }

                errors.Add($"{name} needs a value.");
                return null;
            }

            switch (name)
            {
                case "-h" or "--help":
                    command = command with { Help = true };
                    break;
                case "--kubeconfig":
                    command = command with { Kubeconfig = Value() };
                    break;
                case "--xds-port":
                    command = command with { XdsPort = Port(name, Value(), errors) };
                    break;
                case "--xds-tls-port":
                    command = command with { XdsTlsPort = Port(name, Value(), errors) };
                    break;
                case "--http-port":
                    command = command with { HttpPort = Port(name, Value(), errors) };
                    break;
                case "--webhook-port":
                    command = command with { WebhookPort = Port(name, Value(), errors) };
                    break;
                case "--webhook-cert-dir":
                    command = command with { WebhookCertDir = Value() };
                    break;
                case "--leader-elect":
                    command = command with { LeaderElect = Bool(name, inline ?? "true", errors) };
                    break;
                case "--apply" or "-f":
                    if (Value() is { } path)
                    {
                        apply.Add(path);
                    }

                    break;
                default:
                    errors.Add(arg == "local"
                        ? "local must come first: mesh-operator local [options]."
                        : $"Unknown argument '{arg}'; see --help.");
                    break;
            }
        }

        if (!command.Local && apply.Count > 0)
        {
            errors.Add("--apply works only in local mode: use kubectl apply -f against a cluster.");
        }

        return command with { Apply = apply, Errors = errors };
    }

    private static bool Bool(string name, string value, List<string> errors)
    {
        if (bool.TryParse(value, out var result))
        {
            return result;
        }

        errors.Add($"{name} '{value}' is not a boolean: give true or false.");
        return true;
    }

    private static int? Port(string name, string? value, List<string> errors)
    {
        if (value is null)
        {
            return null;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 0 and <= 65535)
        {
            return port;
        }

        errors.Add($"{name} '{value}' is not a port: give a number from 0 (any free port) to 65535.");
        return null;
    }
}
