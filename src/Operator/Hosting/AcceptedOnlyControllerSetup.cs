using Mesh.Operator.Entities;
using Mesh.Operator.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace Mesh.Operator.Hosting;

/// <summary>Registers <see cref="AcceptedOnlyReconciler"/> as the <c>meshpolicy</c> controller.</summary>
internal sealed class AcceptedOnlyControllerSetup : IControllerSetup
{
    public void Setup(ControllerManager manager, IServiceProvider services)
    {
        var reconciler = new AcceptedOnlyReconciler(
            manager.Cache<MeshPolicy>(ResourceKinds.MeshPolicy),
            manager.Api,
            services.GetRequiredService<IEventRecorder>(),
            manager.Time);
        manager.For<MeshPolicy>(ResourceKinds.MeshPolicy, "meshpolicy")
            .WithOptions(services.GetRequiredService<ControllerOptions>())
            .Complete(reconciler);
    }
}
