using Mesh.Operator.Runtime;

namespace Mesh.Operator.Hosting;

/// <summary>
/// Declares controllers on the manager before it runs. Register implementations in DI; the host calls each once.
/// This is where the MeshPolicy reconciler plugs in (replacing <see cref="AcceptedOnlyControllerSetup"/>).
/// </summary>
public interface IControllerSetup
{
    void Setup(ControllerManager manager, IServiceProvider services);
}
