using Mesh.CrdGen;

// Usage: dotnet run --project tools/CrdGen -- <output folder>   (config/crd in this repository)
if (args.Length != 1)
{
    Console.Error.WriteLine("usage: CrdGen <output folder>   (for example: dotnet run --project tools/CrdGen -- config/crd)");
    return 2;
}

Directory.CreateDirectory(args[0]);
var path = Path.Combine(args[0], CrdGenerator.MeshPolicyFileName);
var text = CrdGenerator.GenerateMeshPolicyCrd();
var unchanged = File.Exists(path) && File.ReadAllText(path) == text;
if (!unchanged)
{
    File.WriteAllText(path, text);
}

Console.WriteLine($"{path}: {(unchanged ? "unchanged" : "written")}");
return 0;
