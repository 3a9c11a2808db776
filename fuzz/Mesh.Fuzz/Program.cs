using SharpFuzz;

namespace Mesh.Fuzz;

/// <summary>
/// One AFL++ target per mode (fuzz/run.sh instruments the assemblies and runs afl-fuzz). With a file argument after
/// the mode the input is run once, in-process, and an escaping exception is printed: the way to replay a crash.
/// </summary>
public static class Program
{
    private static readonly Dictionary<string, Action<byte[]>> Targets = new(StringComparer.Ordinal)
    {
        ["policy"] = PolicyTarget.Run,
        ["patch"] = PatchTarget.Run,
        ["admission"] = AdmissionTarget.Run,
        ["ads"] = AdsTarget.Run,
    };

    public static int Main(string[] args)
    {
        if (args is ["seed", var root])
        {
            Seeds.Write(root);
            return 0;
        }

        if (args.Length == 0 || !Targets.TryGetValue(args[0], out var target))
        {
            Console.Error.WriteLine($"usage: Mesh.Fuzz <{string.Join('|', Targets.Keys)}> [input-file...] | Mesh.Fuzz seed <corpus-folder>");
            return 2;
        }

        if (args.Length > 1)
        {
            foreach (var file in args.Skip(1))
            {
                target(File.ReadAllBytes(file));
                Console.WriteLine($"{file}: ok");
            }

            return 0;
        }

        Fuzzer.OutOfProcess.Run(stream =>
        {
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            target(buffer.ToArray());
        });
        return 0;
    }
}
