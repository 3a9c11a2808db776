using Mesh.Operator.Capture;
using Mesh.Operator.Hosting;

var command = CommandLine.Parse(args);
if (command.CaptureArgs is { } captureArgs)
{
    return await CaptureCommand.RunAsync(captureArgs, Console.Out, Console.Error, new IptablesTools(), CancellationToken.None);
}

if (command.Help)
{
    CommandLine.WriteHelp(args, Console.Out);
    return 0;
}

if (command.Errors.Count > 0)
{
    foreach (var error in command.Errors)
    {
        Console.Error.WriteLine($"error: {error}");
    }

    Console.Error.WriteLine("See mesh-operator --help (or mesh-operator local --help).");
    return 2;
}

return command.Local
    ? await LocalMode.RunAsync(command)
    : await ClusterMode.RunAsync(command, []);
