namespace Mesh.LocalCluster.Tests.Infrastructure;

/// <summary>Marks a test class whose tests need a Docker engine; they are skipped, with the reason, when none answers.</summary>
public interface IRequiresDocker;
