using Xunit.Sdk;

namespace Mesh.LocalCluster.Tests.Infrastructure;

/// <summary>
/// A fact of the contract suite: runs on every target, except that on a class marked <see cref="IRequiresDocker"/>
/// it is skipped at discovery, with the reason printed, when no Docker engine answers (xunit 2 has no dynamic skip).
/// </summary>
[XunitTestCaseDiscoverer("Mesh.LocalCluster.Tests.Infrastructure.ContractFactDiscoverer", "LocalCluster.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class ContractFactAttribute : FactAttribute;
