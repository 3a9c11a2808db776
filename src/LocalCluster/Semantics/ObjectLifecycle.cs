using System.Text.Json.Nodes;
using Mesh.LocalCluster.Errors;
using Mesh.LocalCluster.Resources;
using Mesh.LocalCluster.Storage;

namespace Mesh.LocalCluster.Semantics;

/// <summary>
/// Create and update with the API server's object semantics (kubernetes staging/src/k8s.io/apiserver/pkg/registry/rest
/// create.go/update.go and the per-kind strategies): uid, timestamps, resourceVersion preconditions, generation,
/// status subresource rules, finalizers. Everything runs under the store gate.
/// </summary>
internal sealed class ObjectLifecycle(
    ObjectStore store, ResourceRegistry registry, TimeProvider time, ICustomResourceAdmission admission, Func<Guid> newUid, Random random)
{
    private static readonly ResourceTypeKey Namespaces = new("", "namespaces");
    private static readonly ResourceTypeKey Services = new("", "services");

    public ObjectStore Store => store;

    public ResourceRegistry Registry => registry;

    public TimeProvider Time => time;

    public StoredObject Create(ResourceDefinition def, string ns, JsonObject obj, WriteOptions options)
    {
        var metadata = MetadataRules.Metadata(obj);
        lock (store.Gate)
        {
            var name = MetadataRules.Name(obj);
            if (name.Length == 0 && (string?)metadata["generateName"] is { Length: > 0 } prefix)
            {
                name = prefix + RandomSuffix();
                metadata["name"] = name;
            }

            if (name.Length == 0)
            {
                throw ApiErrors.Invalid(def, "", [FieldCause.Required("metadata.name", "name or generateName is required")]);
            }

            if (def.IsCustom && CrdCleanup.IsTerminating(store, def.StorageKey))
            {
                throw CrdCleanup.CreateRefused(def);
            }

            if (def.Namespaced)
            {
                RequireActiveNamespace(def, ns, name);
                metadata["namespace"] = ns;
            }
            else
            {
                metadata.Remove("namespace");
            }

            // Custom resources get their metadata checked by schema admission, with the same messages.
            var causes = def.IsCustom ? [] : MetadataRules.ValidateName(def, name);
            if (def.Converter is not null)
            {
                obj = def.Converter.ToStorage(obj);
                metadata = MetadataRules.Metadata(obj);
            }

            if (def.HasStatus)
            {
                obj.Remove("status");
            }

            causes.AddRange(Admit(def, obj, null, options));
            if (def.StorageKey == Services && causes.Count == 0)
            {
                causes.AddRange(ServiceIpAllocator.Allocate(store, obj, null));
            }

            if (def.StorageKey == CrdLifecycle.Type)
            {
                causes.AddRange(admission.ValidateDefinition(obj));
            }

            if (causes.Count > 0)
            {
                throw ApiErrors.Invalid(def, name, causes);
            }

            if (store.Get(def.StorageKey, def.Namespaced ? ns : "", name) is not null)
            {
                throw ApiErrors.AlreadyExists(def, name);
            }

            metadata["uid"] = newUid().ToString();
            metadata["creationTimestamp"] = MetadataRules.Timestamp(time);
            metadata.Remove("resourceVersion");
            metadata.Remove("deletionTimestamp");
            metadata.Remove("deletionGracePeriodSeconds");
            if (MetadataRules.TracksGeneration(def))
            {
                metadata["generation"] = 1;
            }
            else
            {
                metadata.Remove("generation");
            }

            InitializeKind(def, obj);
            if (options.DryRun)
            {
                return DryRun(obj, def.Namespaced ? ns : "", name);
            }

            MetadataRules.OmitEmpty(obj);
            var stored = store.Put(def.StorageKey, obj, created: true);
            if (def.StorageKey == CrdLifecycle.Type)
            {
                CrdLifecycle.Refresh(store, registry);
            }

            return stored;
        }
    }

    /// <summary>PUT on the object (subresource null) or on /status.</summary>
    public StoredObject Update(ResourceDefinition def, string ns, string name, JsonObject obj, string? subresource, WriteOptions options)
    {
        var bodyName = MetadataRules.Name(obj);
        if (bodyName.Length > 0 && bodyName != name)
        {
            throw ApiErrors.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})");
        }

        lock (store.Gate)
        {
            var existing = store.Get(def.StorageKey, def.Namespaced ? ns : "", name) ?? throw ApiErrors.NotFound(def, name);
            var requested = (string?)obj["metadata"]?["resourceVersion"] ?? "";
            var current = (string?)existing.Object["metadata"]?["resourceVersion"] ?? "";
            if (requested.Length > 0 && requested != current)
            {
                throw ApiErrors.Conflict(def, name);
            }

            if (requested.Length == 0 && def.IsCustom)
            {
                throw ApiErrors.Invalid(def, name,
                    [FieldCause.Invalid("metadata.resourceVersion", "0x0", "must be specified for an update")]);
            }

            if (def.Converter is not null)
            {
                obj = def.Converter.ToStorage(obj);
            }

            var next = subresource == "status" ? StatusOnly(existing.Object, obj) : MainOnly(def, existing.Object, obj);
            var causes = Admit(def, next, existing.Object, options);
            causes.AddRange(FinalizerRules(existing.Object, next));
            if (def.StorageKey == Services && subresource != "status" && causes.Count == 0)
            {
                causes.AddRange(ServiceIpAllocator.Allocate(store, next, existing.Object));
            }

            if (def.StorageKey == CrdLifecycle.Type && subresource != "status")
            {
                causes.AddRange(admission.ValidateDefinition(next));
            }

            if (causes.Count > 0)
            {
                throw ApiErrors.Invalid(def, name, causes);
            }

            if (MetadataRules.TracksGeneration(def) && subresource != "status"
                && !JsonNode.DeepEquals(MetadataRules.SpecView(next, def), MetadataRules.SpecView(existing.Object, def)))
            {
                MetadataRules.BumpGeneration(MetadataRules.Metadata(next));
            }

            if (def.StorageKey == CrdLifecycle.Type)
            {
                CrdLifecycle.Initialize(next, time);
            }

            return options.DryRun ? DryRun(next, existing.Namespace, name) : Commit(existing, next);
        }
    }

    /// <summary>
    /// fieldValidation=Strict on the request body alone: the real server decodes strictly before admission, so what a
    /// mutating webhook adds later is pruned, never refused. Throws the 400 strict decoding error.
    /// </summary>
    public void RejectUnknownFields(ResourceDefinition def, JsonObject body)
    {
        lock (store.Gate)
        {
            Admit(def, body.DeepClone().AsObject(), null, new WriteOptions { StrictFields = true });
        }
    }

    /// <summary>Writes a new version of an existing object unless nothing changed; removes it when its last finalizer went.</summary>
    public StoredObject Commit(StoredObject existing, JsonObject next)
    {
        lock (store.Gate)
        {
            var type = TypeOf(existing);
            MetadataRules.Metadata(next)["resourceVersion"] = existing.Object["metadata"]?["resourceVersion"]?.DeepClone();
            MetadataRules.OmitEmpty(next);
            if (JsonNode.DeepEquals(next, existing.Object))
            {
                return existing;
            }

            if (next["metadata"]?["deletionTimestamp"] is not null && MetadataRules.BlockingFinalizers(next).Count == 0)
            {
                var put = store.Put(type, next, created: false);
                return RemoveNow(type, put);
            }

            var stored = store.Put(type, next, created: false);
            if (type == CrdLifecycle.Type)
            {
                CrdLifecycle.Refresh(store, registry);
            }

            return stored;
        }
    }

    /// <summary>Removes an object at once (no finalizers left), with CRD cleanup.</summary>
    public StoredObject RemoveNow(ResourceTypeKey type, StoredObject existing)
    {
        lock (store.Gate)
        {
            var removed = store.Remove(type, existing.Namespace, existing.Name);
            if (type == CrdLifecycle.Type)
            {
                CrdLifecycle.RemoveServedObjects(store, removed.Object);
                CrdLifecycle.Refresh(store, registry);
            }

            return removed;
        }
    }

    public ResourceTypeKey TypeOf(StoredObject stored) =>
        store.FindByUid(stored.Uid)?.Type ?? throw new InvalidOperationException("object is not stored");

    private static JsonObject StatusOnly(JsonObject existing, JsonObject body)
    {
        var next = existing.DeepClone().AsObject();
        next["status"] = body["status"]?.DeepClone();
        if (next["status"] is null)
        {
            next.Remove("status");
        }

        return next;
    }

    private static JsonObject MainOnly(ResourceDefinition def, JsonObject existing, JsonObject body)
    {
        var next = body.DeepClone().AsObject();
        var metadata = MetadataRules.Metadata(next);
        var old = existing["metadata"]!.AsObject();
        foreach (var key in new[] { "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation", "namespace", "name" })
        {
            metadata.Remove(key);
            if (old[key] is { } value)
            {
                metadata[key] = value.DeepClone();
            }
        }

        if (def.HasStatus)
        {
            next.Remove("status");
            if (existing["status"] is { } status)
            {
                next["status"] = status.DeepClone();
            }
        }

        return next;
    }

    private static List<FieldCause> FinalizerRules(JsonObject existing, JsonObject next)
    {
        if (existing["metadata"]?["deletionTimestamp"] is null)
        {
            return [];
        }

        var added = MetadataRules.Finalizers(next).Except(MetadataRules.Finalizers(existing)).ToList();
        return added.Count == 0
            ? []
            : [FieldCause.Forbidden("metadata.finalizers", "no new finalizers can be added if the object is being deleted, found new finalizers []string{\"" + string.Join("\", \"", added) + "\"}")];
    }

    private List<FieldCause> Admit(ResourceDefinition def, JsonObject obj, JsonObject? old, WriteOptions options)
    {
        if (!def.IsCustom)
        {
            return BuiltInAdmission.Admit(def, obj, old);
        }

        if (def.Schema is null)
        {
            return [];
        }

        var (errors, unknown) = admission.Admit(def.Schema, obj, old, options.StrictFields);
        if (options.StrictFields && unknown.Count > 0)
        {
            // Strict decoding errors are 400 BadRequest, not 422 (apiserver pkg/endpoints/handlers/rest.go).
            throw ApiErrors.BadRequest("strict decoding error: " + string.Join(", ", unknown.Select(u => $"unknown field \"{u}\"")));
        }

        return errors.ToList();
    }

    private void RequireActiveNamespace(ResourceDefinition def, string ns, string name)
    {
        if (ns.Length == 0)
        {
            throw ApiErrors.BadRequest("the server could not find the requested resource: a namespace is required");
        }

        var namespaceObject = store.Get(Namespaces, "", ns) ?? throw ApiErrors.NamespaceNotFound(ns);
        if (namespaceObject.Object["metadata"]?["deletionTimestamp"] is not null)
        {
            throw ApiErrors.Forbidden(def, name, $"unable to create new content in namespace {ns} because it is being terminated");
        }
    }

    private void InitializeKind(ResourceDefinition def, JsonObject obj)
    {
        switch (def.StorageKey.Plural)
        {
            case "namespaces" when def.Group.Length == 0:
                obj["spec"] = new JsonObject { ["finalizers"] = new JsonArray("kubernetes") };
                obj["status"] = new JsonObject { ["phase"] = "Active" };
                var labels = obj["metadata"]!["labels"] as JsonObject ?? new JsonObject();
                labels["kubernetes.io/metadata.name"] = MetadataRules.Name(obj);
                obj["metadata"]!["labels"] = labels;
                break;
            case "pods" when def.Group.Length == 0:
                obj["status"] = new JsonObject { ["phase"] = "Pending" };
                break;
            case "services" when def.Group.Length == 0:
                // The Service registry's empty status (ServiceStatus.loadBalancer is not omitempty).
                obj["status"] = new JsonObject { ["loadBalancer"] = new JsonObject() };
                break;
            case "customresourcedefinitions":
                CrdLifecycle.Initialize(obj, time);
                break;
        }
    }

    private static StoredObject DryRun(JsonObject obj, string ns, string name)
    {
        MetadataRules.OmitEmpty(obj);
        return new(obj, System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(obj), 0, ns, name);
    }

    private string RandomSuffix()
    {
        // Same alphabet as k8s.io/apimachinery/pkg/util/rand (no vowels, no ambiguous characters).
        const string alphabet = "bcdfghjklmnpqrstvwxz2456789";
        Span<char> suffix = stackalloc char[5];
        for (var i = 0; i < suffix.Length; i++)
        {
            suffix[i] = alphabet[random.Next(alphabet.Length)];
        }

        return new string(suffix);
    }
}
