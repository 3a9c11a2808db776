using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;
using Mesh.LocalCluster.Http;
using Mesh.Testing;

namespace Mesh.EndToEnd.Tests.Install;

/// <summary>
/// The operator as the manager Deployment runs it: <c>dotnet publish</c>'s output started through its apphost (the
/// Dockerfile's ENTRYPOINT), with the container's args and plain env values read from config/manager/manager.yaml, in a
/// pod network namespace, as the Deployment's non-root user, with the in-cluster config a pod gets (the
/// KUBERNETES_SERVICE_* env and a service-account folder at the fixed path) and the container's read-only root
/// filesystem with a writable /tmp, all mounted in a private mount namespace.
/// </summary>
internal static class PublishedOperator
{
    private const string ServiceAccountPath = "/var/run/secrets/kubernetes.io/serviceaccount";

    /// <summary>Where the apphost appears inside the operator's mount namespace (the image has it at /app).</summary>
    public const string AppPath = "/run/app/mesh-operator";

    /// <summary>The manager container of config/manager/manager.yaml.</summary>
    public static JsonObject ManagerContainer()
    {
        var deployment = YamlToJson.Documents(File.ReadAllText(RepoPaths.Of("config", "manager", "manager.yaml")))
            .Single(o => (string?)o["kind"] == "Deployment");
        return deployment["spec"]!["template"]!["spec"]!["containers"]!.AsArray().OfType<JsonObject>()
            .Single(c => (string?)c["name"] == "manager");
    }

    /// <summary>The Deployment's pod securityContext.runAsUser.</summary>
    public static long RunAsUser() =>
        (long)YamlToJson.Documents(File.ReadAllText(RepoPaths.Of("config", "manager", "manager.yaml")))
            .Single(o => (string?)o["kind"] == "Deployment")["spec"]!["template"]!["spec"]!["securityContext"]!["runAsUser"]!;

    /// <summary><c>dotnet publish src/Operator</c> into <paramref name="output"/>, from the build the tests already made.</summary>
    public static async Task PublishAsync(string output)
    {
        // The configuration the test (and so its project reference, the operator) was built in.
        var configuration = typeof(PublishedOperator).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var (code, stdout, stderr) = await ProcessRun.RunAsync("dotnet",
            ["publish", RepoPaths.Of("src", "Operator", "Operator.csproj"), "--no-build", "-c", configuration, "-o", output, "-nologo"],
            TimeSpan.FromMinutes(3));
        code.Should().Be(0, $"dotnet publish src/Operator must succeed: {stdout}{stderr}");
    }

    /// <summary>
    /// Starts <paramref name="publishDir"/>/mesh-operator in <paramref name="netns"/>. <paramref name="serviceAccount"/>
    /// holds token, ca.crt and namespace; they appear at the in-cluster path only inside the operator's mount namespace.
    /// </summary>
    /// <remarks>
    /// The process started is the operator itself by the time it serves (<c>ip netns exec</c>, the shell and setpriv each
    /// exec the next), so <see cref="RunningProcess.Id"/> is the operator's process id.
    /// </remarks>
    public static RunningProcess Start(string publishDir, PodNetns netns, string serviceAccount, IReadOnlyDictionary<string, string> env)
    {
        var container = ManagerContainer();
        var args = container["args"]!.AsArray().Select(a => (string)a!).ToList();
        var uid = RunAsUser().ToString(System.Globalization.CultureInfo.InvariantCulture);
        // `ip netns exec` runs the command in a new mount namespace whose mounts do not propagate back. There the pod's
        // filesystem is made as the Deployment asks: the service-account files at their in-cluster path (a tmpfs over
        // /run, read-only once filled), the app at /run/app (the image's /app; / has no such folder to mount on), an
        // emptyDir-like tmpfs at /tmp, and the root filesystem read-only (readOnlyRootFilesystem). The binary starts in
        // /run/app as the image's WORKDIR makes it: the test's own directory may be under the /tmp just hidden, and the
        // host takes its content root from the working directory.
        const string Script = """
            set -e
            secrets="$1"; from="$2"; app="$3"; uid="$4"
            shift 4
            mount -t tmpfs -o mode=0755 tmpfs /run
            mkdir -p "$secrets" /run/app
            cp "$from"/token "$from"/ca.crt "$from"/namespace "$secrets"/
            mount --bind "$app" /run/app
            mount -o remount,bind,ro /run/app
            mount -o remount,ro /run
            mount -t tmpfs -o mode=1777,size=64m tmpfs /tmp
            mount -o remount,bind,ro /
            cd /run/app
            exec setpriv --reuid="$uid" --regid="$uid" --clear-groups /run/app/mesh-operator "$@"
            """;
        var start = new ProcessStartInfo("ip");
        foreach (var arg in (string[])["netns", "exec", netns.Name, "sh", "-c", Script, "sh", ServiceAccountPath, serviceAccount, publishDir, uid, .. args])
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var variable in container["env"]?.AsArray().OfType<JsonObject>() ?? [])
        {
            if (variable["value"] is { } value)
            {
                start.Environment[(string)variable["name"]!] = (string)value!;
            }
        }

        foreach (var (name, value) in env)
        {
            start.Environment[name] = value;
        }

        // The apphost finds the runtime the tests run on (the image has it at its default place).
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.Environment["DOTNET_ROOT"] = Path.GetDirectoryName(Environment.ProcessPath)!;
        }

        start.Environment.Remove("KUBECONFIG");
        start.Environment["HOME"] = "/nonexistent";
        return RunningProcess.Start(start);
    }
}
