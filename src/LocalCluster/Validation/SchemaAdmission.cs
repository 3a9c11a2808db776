using System.Text.Json.Nodes;

namespace Mesh.LocalCluster.Validation;

/// <summary>
/// Admits a custom resource against its version's schema the way the API server's create/update path does:
/// decode (prune unknown fields, drop non-nullable nulls), default, then validate (OpenAPI value validations, metadata,
/// list-type invariants, x-kubernetes-validations). Every error is reported at once.
/// </summary>
public static class SchemaAdmission
{
    /// <summary>
    /// Prunes and defaults <paramref name="obj"/> in place, then validates it. <paramref name="oldObj"/> (the stored
    /// object on update) enables transition rules (oldSelf). With <paramref name="strictUnknownFields"/> and unknown
    /// fields present, validation is skipped: the API server refuses such a request with 400 before validating.
    /// </summary>
    private static readonly HashSet<string> BlockingTypes =
        ["FieldValueRequired", "FieldValueNotSupported", "FieldValueTooLong", "FieldValueTooMany", "FieldValueTypeInvalid"];

    public static AdmissionResult Admit(StructuralSchema schema, JsonObject obj, JsonObject? oldObj, bool strictUnknownFields)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(obj);
        var root = schema.Root;
        var unknown = new List<string>();
        Pruner.Prune(obj, root, "", unknown, isResource: true);
        if (strictUnknownFields && unknown.Count > 0)
        {
            return new AdmissionResult([], unknown);
        }

        Defaulter.Apply(obj, root, isRoot: true);
        Pruner.Prune(obj, root, "", null, isResource: true);

        var errors = new List<FieldError>();
        ValidateRoot(obj, root, errors);
        MetadataValidator.Validate(obj, root, "", nameRequired: true, errors);
        EmbeddedResourceValidator.Validate(obj, root, "", errors);
        var hasRules = root.Rules.Count > 0 || root.HasRulesBelow;
        if (hasRules && errors.Any(e => BlockingTypes.Contains(e.Type)))
        {
            // As apiextensions-apiserver's strategy (hasBlockingErr): rules would see a malformed object and report
            // noise, so they are skipped and one cause without a field says so.
            errors.Add(new FieldError("<nil>", "FieldValueInvalid",
                "Invalid value: \"null\": some validation rules were not checked because the object was invalid; correct the existing errors to complete validation"));
            return new AdmissionResult(errors, unknown);
        }
        CelValidator.Validate(obj, oldObj, root, "", isRoot: true, errors);
        return new AdmissionResult(errors, unknown);
    }

    /// <summary>
    /// Applies the schema's defaults to a stored object in place (and drops what the schema no longer knows), as the API
    /// server does when it reads from storage, so defaults added by a newer CRD show up without a write.
    /// </summary>
    public static void ApplyDefaults(StructuralSchema schema, JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(obj);
        Pruner.Prune(obj, schema.Root, "", null, isResource: true);
        Defaulter.Apply(obj, schema.Root, isRoot: true);
    }

    private static void ValidateRoot(JsonObject obj, SchemaNode root, List<FieldError> errors)
    {
        // The root's metadata is validated as ObjectMeta (MetadataValidator), not against the schema's metadata node.
        foreach (var name in root.Required.Where(n => n != "metadata" && !obj.ContainsKey(n)))
        {
            errors.Add(FieldErrors.Required(name));
        }

        foreach (var (key, value) in obj)
        {
            if (key != "metadata" && root.Properties.TryGetValue(key, out var property))
            {
                SchemaValidator.Validate(value, property, key, errors);
            }
        }
    }
}
