namespace Mesh.Operator.Injection;

/// <summary>What the injector did with a pod.</summary>
public enum InjectionOutcome
{
    /// <summary>The sidecar was added (the patch is not empty).</summary>
    Injected,

    /// <summary>The pod already has the sidecar: nothing to do (injecting twice changes nothing).</summary>
    AlreadyInjected,

    /// <summary>The pod opted out with <c>sidecar.mesh.dev/inject: "false"</c>.</summary>
    OptedOut,

    /// <summary>No MeshPolicy of the namespace selects the pod.</summary>
    NoPolicy,

    /// <summary>A policy selects the pod but it cannot get a sidecar (reserved port, host network, bad annotation): see the warnings.</summary>
    Blocked,
}
