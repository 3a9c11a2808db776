using Mesh.XdsServer.Model;

namespace Mesh.XdsServer.Translation;

/// <summary>
/// Translates the mesh model into the xDS resources of one proxy. Pure: the output depends only on the model and the
/// scope, ordered by resource name. An instance remembers the latest model's shared resources (keyed by
/// <see cref="MeshModel.Version"/>, or the model instance when the version is empty) and each scope's result, so that
/// proxies with the same scope receive the very same message instances. Across models it is incremental: per-service
/// resources are memoized by content versions (<see cref="TranslationMemo"/>), and after an endpoint-only change only
/// ClusterLoadAssignments are built. Thread-safe.
/// </summary>
public sealed class MeshTranslator
{
    private readonly object _gate = new();
    private readonly TranslationMemo _memo = new();
    private SharedTranslation? _current;
    private MeshModel? _currentModel;
    private readonly Func<TranslationContext, TranslatedResources> _build;
    private long _scopeBuilds;

    /// <summary>A translator with nothing memoized yet.</summary>
    public MeshTranslator() => _build = context =>
    {
        Interlocked.Increment(ref _scopeBuilds);
        return Translate(context);
    };

    /// <summary>How many scope translations ran the builders (rather than keeping a result): what tests and benchmarks
    /// count to show that a change skips the scopes it does not touch.</summary>
    internal long ScopeBuilds => Interlocked.Read(ref _scopeBuilds);

    /// <summary>Translates without caching (for one-off use and tests).</summary>
    public static TranslatedResources TranslateOnce(MeshModel model, ProxyScope scope)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(scope);
        return Translate(new SharedTranslation(model), scope);
    }

    /// <summary>Translates <paramref name="model"/> for the proxy described by <paramref name="scope"/>.</summary>
    public TranslatedResources Translate(MeshModel model, ProxyScope scope)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(scope);
        var shared = SharedFor(model);
        return shared.Result(scope, _build, EndpointBuilder.Build);
    }

    private SharedTranslation SharedFor(MeshModel model)
    {
        lock (_gate)
        {
            var same = _currentModel is not null
                && (ReferenceEquals(_currentModel, model) || (model.Version.Length > 0 && _currentModel.Version == model.Version));
            if (!same || _current is null)
            {
                // Incremental: what the new model shares with the last one (by content versions) is not built again.
                var index = new ModelIndex(model);
                _memo.NextGeneration(configChanged: _current is null || _current.Index.ConfigVersion != index.ConfigVersion);
                var previous = _current;
                _current = new SharedTranslation(index, _memo, previous);
                previous?.ForgetPrior();
                _currentModel = model;
            }
            return _current;
        }
    }

    private static TranslatedResources Translate(SharedTranslation shared, ProxyScope scope) =>
        Translate(new TranslationContext(shared, scope));

    private static TranslatedResources Translate(TranslationContext context)
    {
        return new TranslatedResources
        {
            Clusters = ClusterBuilder.Build(context),
            Endpoints = EndpointBuilder.Build(context),
            Listeners = ListenerBuilder.Build(context),
            ListenerTemplate = ServerListenerTemplate(context),
            Routes = RouteBuilder.Build(context),
            Secrets = SecretBuilder.Build(context),
            SourceFields = SourceFieldMap.Build(context),
            SourcePolicies = SourceFieldMap.BuildPolicies(context),
        };
    }

    private static ProxylessServerListenerTemplate? ServerListenerTemplate(TranslationContext context)
    {
        if (context.IsSidecar)
        {
            return null;
        }

        var template = new ProxylessServerListenerTemplate(context);
        return template.Ports.Count > 0 ? template : null;
    }
}
