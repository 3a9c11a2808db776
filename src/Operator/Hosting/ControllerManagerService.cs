using Mesh.Operator.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Mesh.Operator.Hosting;

/// <summary>Declares the controllers, then runs the manager for the host's lifetime (stopped by SIGTERM or Ctrl-C).</summary>
internal sealed class ControllerManagerService(ControllerManager manager, IServiceProvider services) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        foreach (var setup in services.GetServices<IControllerSetup>())
        {
            setup.Setup(manager, services);
        }

        return manager.RunAsync(stoppingToken);
    }
}
