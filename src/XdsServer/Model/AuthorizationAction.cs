namespace Mesh.XdsServer.Model;

/// <summary>What matching requests get.</summary>
public enum AuthorizationAction
{
    /// <summary>Only requests matching a rule are allowed.</summary>
    Allow,
    /// <summary>Requests matching a rule are refused.</summary>
    Deny,
    /// <summary>Requests a Deny would refuse are logged, none refused.</summary>
    Audit,
}
