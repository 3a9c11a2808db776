using Mesh.Operator.Entities;
using Mesh.Operator.Injection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mesh.Fuzz;

/// <summary>The sidecar injector's AdmissionReview handler: any body gets 200 or a 4xx, never an exception or a 5xx.</summary>
internal static class AdmissionTarget
{
    private static readonly AdmissionHandler Handler = new(new ShopPolicies(), new InjectorOptions(), NullLogger<AdmissionHandler>.Instance);

    public static void Run(byte[] input)
    {
        var reply = Handler.Handle(input);
        if (reply.StatusCode >= 500)
        {
            throw new InvalidOperationException($"The webhook answered {reply.StatusCode}: {reply.Body}");
        }
    }

    private sealed class ShopPolicies : IInjectionPolicySource
    {
        private static readonly IReadOnlyList<MeshPolicy> Shop = LoadShop();

        public bool Synced => true;

        public IReadOnlyList<MeshPolicy> PoliciesIn(string @namespace) => Shop;

        private static List<MeshPolicy> LoadShop()
        {
            var file = Mesh.Testing.RepoPaths.Of("config", "samples", "shop", "01-meshpolicy.yaml");
            var policy = k8s.KubernetesYaml.Deserialize<MeshPolicy>(File.ReadAllText(file));
            return [policy];
        }
    }
}
