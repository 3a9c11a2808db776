using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mesh.Testing;

namespace Mesh.EndToEnd.Tests.Install;

/// <summary>
/// Runs config/argocd's health.lua under the real lua5.1 the way Argo CD calls a health check: the object as the
/// global table <c>obj</c>, the script as a chunk whose return value is the table <c>hs</c>.
/// </summary>
internal static class LuaHealthCheck
{
    public static string ScriptPath => RepoPaths.Of("config", "argocd", "mesh.dev", "MeshPolicy", "health.lua");

    public static async Task<(string Status, string Message)> RunAsync(JsonObject obj)
    {
        var lua = Which("lua5.1") ?? throw new InvalidOperationException(
            "lua5.1 is not installed: apt-get install lua5.1 (.ci/run installs it). Argo CD runs health checks in Lua 5.1, so these tests need the real interpreter.");
        var runner = Path.Combine(Path.GetTempPath(), $"mesh-health-{Guid.NewGuid():N}.lua");
        await File.WriteAllTextAsync(runner, $"""
            obj = {ToLua(obj)}
            local check = assert(loadfile({Quote(ScriptPath)}))
            local hs = check()
            io.write(tostring(hs.status), "\n", tostring(hs.message))
            """);
        try
        {
            var start = new ProcessStartInfo(lua) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add(runner);
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(timeout.Token);
            process.ExitCode.Should().Be(0, $"health.lua must not raise: {await stderr}");
            var lines = (await stdout).Split('\n', 2);
            return (lines[0], lines.Length > 1 ? lines[1] : "");
        }
        finally
        {
            File.Delete(runner);
        }
    }

    /// <summary>A Lua table constructor for JSON, as Argo CD's gopher-lua conversion builds it (arrays 1-based, null absent).</summary>
    public static string ToLua(JsonNode? node) => node switch
    {
        null => "nil",
        JsonObject o => "{" + string.Concat(o.Where(p => p.Value is not null).Select(p => $"[{Quote(p.Key)}]={ToLua(p.Value)},")) + "}",
        JsonArray a => "{" + string.Concat(a.Select(i => ToLua(i) + ",")) + "}",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => Quote(v.GetValue<string>()),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Number => v.ToJsonString(),
            _ => "nil",
        },
        _ => "nil",
    };

    private static string Quote(string s)
    {
        var b = new StringBuilder("\"");
        foreach (var c in s)
        {
            b.Append(c switch
            {
                '\\' => "\\\\",
                '"' => "\\\"",
                '\n' => "\\n",
                '\r' => "\\r",
                _ when c < ' ' => $"\\{(int)c:D3}",
                _ => c.ToString(),
            });
        }

        return b.Append('"').ToString();
    }

    private static string? Which(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);
}
