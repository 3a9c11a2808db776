using Mesh.Operator.Runtime;

namespace Mesh.Operator.Tests.Runtime;

internal static class RuntimeMetricsProbe
{
    public static double Active(Controller controller) => RuntimeMetrics.ActiveWorkers.WithLabels(controller.Name).Value;
}
