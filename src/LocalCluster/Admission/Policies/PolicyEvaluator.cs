using System.Text.RegularExpressions;
using Cel;

namespace Mesh.LocalCluster.Admission.Policies;

/// <summary>
/// Evaluates one policy for one request (apiserver admission/plugin/policy/validating/validator.go): match conditions
/// first (any false: the policy does not apply), then the variables in order, once each, then each validation. An
/// expression that fails to evaluate denies under failurePolicy Fail and is ignored under Ignore; a variable that
/// fails is an error of the validations that use it only (the real server evaluates variables lazily, so an unused
/// one never fails anything). Pure.
/// </summary>
internal static partial class PolicyEvaluator
{
    private const int MaxMessageLength = 5 * 1024;

    /// <param name="inputs">object, oldObject, request, params, namespaceObject as CEL values.</param>
    public static List<PolicyDecision> Evaluate(ValidatingPolicy policy, IReadOnlyDictionary<string, object?> inputs)
    {
        var decisions = new List<PolicyDecision>();
        var activation = new Dictionary<string, object?>(inputs, StringComparer.Ordinal);
        foreach (var condition in policy.MatchConditions)
        {
            var (result, error) = Run(condition.Program, activation);
            if (error is not null)
            {
                Fail(policy, $"failed to evaluate match condition '{condition.Name}': expression '{condition.Expression}' resulted in error: {error}", decisions);
                return decisions;
            }

            if (result is not true)
            {
                return decisions;
            }
        }

        var variables = new Dictionary<string, object?>(StringComparer.Ordinal);
        var failedVariables = new Dictionary<string, string>(StringComparer.Ordinal);
        // A map like every JSON object; it wraps this very dictionary, so the variables added below are seen.
        activation["variables"] = new Validation.CelMap(variables);
        foreach (var variable in policy.Variables)
        {
            if (FailedReference(variable.Expression, failedVariables) is { } inherited)
            {
                failedVariables[variable.Name] = inherited;
                continue;
            }

            var (value, error) = Run(variable.Program, activation);
            if (error is null)
            {
                variables[variable.Name] = value;
            }
            else
            {
                failedVariables[variable.Name] = $"composited variable \"{variable.Name}\" fails to evaluate: {error}";
            }
        }

        foreach (var validation in policy.Validations)
        {
            var (result, error) = FailedReference(validation.Expression, failedVariables) is { } failed
                ? (null, failed)
                : Run(validation.Program, activation);
            if (error is not null)
            {
                Fail(policy, $"expression '{validation.Expression}' resulted in error: {error}", decisions);
            }
            else if (result is not true)
            {
                decisions.Add(new PolicyDecision(MessageOf(validation, activation), validation.Reason ?? "Invalid"));
            }
        }

        return decisions;
    }

    private static void Fail(ValidatingPolicy policy, string message, List<PolicyDecision> decisions)
    {
        if (policy.FailurePolicy != "Ignore")
        {
            decisions.Add(new PolicyDecision(message, "Invalid"));
        }
    }

    /// <summary>messageExpression when it yields one line of at most 5 KiB, else message, else the expression.</summary>
    private static string MessageOf(PolicyValidation validation, Dictionary<string, object?> activation)
    {
        if (validation.MessageProgram is { } program && Run(program, activation) is ({ } value, null) && value is string text)
        {
            text = text.Trim();
            if (text.Length > 0 && text.Length <= MaxMessageLength && !text.Contains('\n', StringComparison.Ordinal))
            {
                return text;
            }
        }

        return validation.Message.Trim().Length > 0 ? validation.Message.Trim() : $"failed expression: {validation.Expression.Trim()}";
    }

    private static string? FailedReference(string expression, Dictionary<string, string> failedVariables)
    {
        if (failedVariables.Count == 0)
        {
            return null;
        }

        foreach (Match reference in VariableReference().Matches(expression))
        {
            if (failedVariables.TryGetValue(reference.Groups[1].Value, out var error))
            {
                return error;
            }
        }

        return null;
    }

    private static (object? Value, string? Error) Run(CelProgramDelegate program, Dictionary<string, object?> activation)
    {
        object? value;
        try
        {
            value = program(activation);
        }
        catch (Exception error)
        {
            return (null, error.Message);
        }

        // The package returns its own marker instead of throwing when a selected field is absent.
        return value?.GetType().Name == "CelNoSuchField"
            ? (null, value.GetType().GetProperty("Message")?.GetValue(value) as string ?? "no such key")
            : (value, null);
    }

    [GeneratedRegex(@"\bvariables\.([_a-zA-Z][_a-zA-Z0-9]*)")]
    private static partial Regex VariableReference();
}
