namespace Mesh.XdsServer.Validation;

/// <summary>bool.const.</summary>
internal sealed class BoolRule(bool constant) : ValueRule
{
    public override void Check(object value, ValidationContext context)
    {
        if (value is bool b && b != constant)
        {
            context.Fail($"value must equal {(constant ? "true" : "false")}");
        }
    }
}
