using Xunit.Abstractions;
using Xunit.Sdk;

namespace Mesh.LocalCluster.Tests.Infrastructure;

/// <summary>Discovers <see cref="ContractFactAttribute"/> tests, skipping Docker-dependent ones when Docker is absent.</summary>
public sealed class ContractFactDiscoverer(IMessageSink diagnostics) : IXunitTestCaseDiscoverer
{
    private static int _reported;

    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var display = discoveryOptions.MethodDisplayOrDefault();
        var displayOptions = discoveryOptions.MethodDisplayOptionsOrDefault();
        var type = testMethod.TestClass.Class.ToRuntimeType();
        if (typeof(IRequiresDocker).IsAssignableFrom(type) && DockerProbe.UnavailableReason is { } reason)
        {
            if (Interlocked.Exchange(ref _reported, 1) == 0)
            {
                diagnostics.OnMessage(new DiagnosticMessage(reason));
            }

            return [new XunitSkippedDataRowTestCase(diagnostics, display, displayOptions, testMethod, reason)];
        }

        return [new XunitTestCase(diagnostics, display, displayOptions, testMethod)];
    }
}
