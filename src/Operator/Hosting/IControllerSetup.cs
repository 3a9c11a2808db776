using Mesh.Operator.Runtime;

namespace Mesh.Operator.Hosting;

/// <summary>
/// Declares controllers on the manager before it runs. Register implementations in DI; the host calls each once.
/// The MeshPolicy controllers plug in here (Reconciliation/MeshPolicyControllerSetup).
/// </summary>
public interface IControllerSetup
{
    void Setup(ControllerManager manager, IServiceProvider services);
}
