using Mesh.Meshctl;

return await MeshctlApp.RunAsync(args, Console.Out, Console.Error, CancellationToken.None).ConfigureAwait(false);
