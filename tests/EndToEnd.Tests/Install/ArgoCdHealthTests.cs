using Mesh.Operator.Status;
using System.Reflection;
using System.Text.Json.Nodes;
using k8s;
using Mesh.LocalCluster.Http;
using Mesh.Operator.Entities;
using Mesh.Operator.Planning;
using Mesh.Operator.Publishing;
using Mesh.Operator.Reconciliation;
using Mesh.Testing;

namespace Mesh.EndToEnd.Tests.Install;

/// <summary>
/// config/argocd's MeshPolicy health check, run with the real lua5.1 as Argo CD runs it: its own health_test.yaml cases,
/// and statuses the operator's StatusBuilder writes for every reason constant, so the Lua and the C# cannot drift.
/// </summary>
public sealed class ArgoCdHealthTests
{
    private static readonly string CheckFolder = RepoPaths.Of("config", "argocd", "mesh.dev", "MeshPolicy");

    [Fact]
    public async Task Every_case_of_health_test_yaml_gives_the_expected_status_and_message()
    {
        var tests = YamlToJson.Documents(await File.ReadAllTextAsync(Path.Combine(CheckFolder, "health_test.yaml"))).Single()["tests"]!.AsArray();
        tests.Should().HaveCountGreaterThanOrEqualTo(5);
        var failures = new List<string>();
        foreach (var test in tests)
        {
            var input = (string)test!["inputPath"]!;
            var obj = YamlToJson.Documents(await File.ReadAllTextAsync(Path.Combine(CheckFolder, input))).Single();
            var (status, message) = await LuaHealthCheck.RunAsync(obj);
            var expected = ((string)test["healthStatus"]!["status"]!, (string)test["healthStatus"]!["message"]!);
            if ((status, message) != expected)
            {
                failures.Add($"{input}: expected {expected.Item1} \"{expected.Item2}\", got {status} \"{message}\"");
            }
        }

        failures.Should().BeEmpty();
        Directory.EnumerateFiles(Path.Combine(CheckFolder, "testdata")).Select(f => "testdata/" + Path.GetFileName(f))
            .Should().BeEquivalentTo(tests.Select(t => (string)t!["inputPath"]!), "every fixture is a case");
    }

    [Fact]
    public void Every_reason_constant_has_a_health()
    {
        var reasons = typeof(ConditionReasons).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToList();
        reasons.Should().BeEquivalentTo(ConditionReasonHealth.All.Keys,
            "a new reason must be classified in ConditionReasonHealth (and health.lua) before it ships");
    }

    [Fact]
    public async Task The_Lua_gives_every_reason_the_health_the_CSharp_table_gives_it_on_StatusBuilder_output()
    {
        var failures = new List<string>();
        foreach (var (reason, (health, type)) in ConditionReasonHealth.All)
        {
            var obj = PolicyWithStatus(reason, health, type);
            var (status, message) = await LuaHealthCheck.RunAsync(obj);
            var expected = health switch
            {
                ReasonHealth.Healthy => "Healthy",
                ReasonHealth.Degraded => "Degraded",
                ReasonHealth.Progressing => "Progressing",
                // Ready's reason names the blocker; here the blocker is Pending (Progressing) or Accepted=False (Degraded).
                _ => reason == ConditionReasons.NotAccepted ? "Degraded" : "Progressing",
            };
            if (status != expected || message.Contains("not known", StringComparison.Ordinal))
            {
                failures.Add($"{reason} ({health}): got {status} \"{message}\"");
            }
        }

        failures.Should().BeEmpty();
    }

    [Fact]
    public async Task The_message_is_the_deciding_condition_and_a_failing_reason_wins_over_a_pending_one()
    {
        var obj = PolicyWithStatus(ConditionReasons.ProxyRejected, ReasonHealth.Degraded, ConditionTypes.Programmed,
            certificates: new StepOutcome(ConditionStatus.False, ConditionReasons.Pending, "1 of 2 certificates are issued."));
        var (status, message) = await LuaHealthCheck.RunAsync(obj);
        status.Should().Be("Degraded");
        message.Should().Be("Programmed: proxy shop/web-1 rejected the config (fixture).");
    }

    [Fact]
    public async Task An_unknown_reason_is_reported_as_unknown_rather_than_healthy()
    {
        var obj = PolicyWithStatus(ConditionReasons.Pending, ReasonHealth.Progressing, ConditionTypes.CertificatesReady);
        var condition = obj["status"]!["conditions"]!.AsArray().Single(c => (string?)c!["type"] == ConditionTypes.CertificatesReady)!;
        condition["reason"] = "SomethingNew";
        var (status, message) = await LuaHealthCheck.RunAsync(obj);
        status.Should().Be("Progressing");
        message.Should().Contain("reason SomethingNew is not known to this health check");
    }

    [Fact]
    public async Task The_argocd_cm_snippet_holds_health_lua_verbatim()
    {
        var configMap = YamlToJson.Documents(await File.ReadAllTextAsync(RepoPaths.Of("config", "argocd", "argocd-cm.yaml"))).Single();
        var script = (string)configMap["data"]!["resource.customizations.health.mesh.dev_MeshPolicy"]!;
        script.Should().Be(await File.ReadAllTextAsync(LuaHealthCheck.ScriptPath));
    }

    [Fact]
    public async Task The_Application_ignores_only_the_webhook_caBundle()
    {
        var application = YamlToJson.Documents(await File.ReadAllTextAsync(RepoPaths.Of("config", "argocd", "application.yaml"))).Single();
        ((string?)application["spec"]!["source"]!["path"]).Should().Be("config/default");
        var ignored = application["spec"]!["ignoreDifferences"]!.AsArray();
        // The injector's and the MeshPolicy validator's configurations, and only their caBundle.
        ignored.Select(i => (string?)i!["kind"]).Should().Equal("MutatingWebhookConfiguration", "ValidatingWebhookConfiguration");
        ignored.Should().OnlyContain(i => i!["jqPathExpressions"]!.AsArray().Select(p => (string?)p).SequenceEqual(new[] { ".webhooks[]?.clientConfig.caBundle" }));
    }

    /// <summary>
    /// A MeshPolicy whose status StatusBuilder computed with <paramref name="reason"/> on <paramref name="type"/> and every
    /// other part True. Reasons StatusBuilder does not write (WorkloadsReady's, Reconciling, Terminating) are set the way
    /// the reconciler writes them: one more condition of that type.
    /// </summary>
    private static JsonObject PolicyWithStatus(string reason, ReasonHealth health, string? type, StepOutcome? certificates = null)
    {
        var failing = health == ReasonHealth.Healthy ? ConditionStatus.True : ConditionStatus.False;
        StepOutcome Outcome(string forType, StepOutcome fine) =>
            type == forType && health != ReasonHealth.Summary ? new StepOutcome(failing, reason, $"{reason} (fixture).") : fine;

        var problems = type == ConditionTypes.Accepted && health == ReasonHealth.Degraded
            ? [new PlanProblem("spec.services[0].name", $"{reason} (fixture).", reason, ProblemSeverity.Error)]
            : reason == ConditionReasons.NotAccepted
                ? [new PlanProblem("spec.services[0].name", "Invalid (fixture).", ConditionReasons.Invalid, ProblemSeverity.Error)]
                : new List<PlanProblem>();
        var plan = new MeshPlan { Namespace = "shop", PolicyName = "shop", Generation = 2, Problems = problems };
        var programmed = type == ConditionTypes.Programmed && health != ReasonHealth.Summary
            ? new ProgrammedState
            {
                Status = failing,
                Reason = reason,
                Message = reason == ConditionReasons.ProxyRejected ? "proxy shop/web-1 rejected the config (fixture)." : $"{reason} (fixture).",
            }
            : new ProgrammedState { Status = ConditionStatus.True, Reason = ConditionReasons.AllProxiesAcked, Message = "2 of 2 proxies ACKed." };
        var summaryBlocker = health == ReasonHealth.Summary && reason != ConditionReasons.NotAccepted
            ? new StepOutcome(ConditionStatus.False, ConditionReasons.Pending, "Waiting for issuance (fixture).")
            : null;
        var status = StatusBuilder.Build(
            null,
            plan,
            [
                new StepResult(ConditionTypes.CertificatesReady, certificates ?? summaryBlocker ?? Outcome(ConditionTypes.CertificatesReady, new StepOutcome(ConditionStatus.True, ConditionReasons.Issued, "Issued."))),
                new StepResult(ConditionTypes.WorkloadsReady, Outcome(ConditionTypes.WorkloadsReady, new StepOutcome(ConditionStatus.True, ConditionReasons.UpToDate, "Up to date."))),
                new StepResult(ConditionTypes.NetworkPoliciesReady, Outcome(ConditionTypes.NetworkPoliciesReady, new StepOutcome(ConditionStatus.True, ConditionReasons.Disabled, "Disabled."))),
            ],
            programmed,
            new DateTime(2026, 12, 3, 12, 0, 0, DateTimeKind.Utc));

        var obj = new JsonObject
        {
            ["apiVersion"] = MeshPolicy.KubeGroupVersion,
            ["kind"] = MeshPolicy.KubeKind,
            ["metadata"] = new JsonObject { ["name"] = "shop", ["namespace"] = "shop", ["generation"] = 2 },
            ["status"] = JsonNode.Parse(KubernetesJson.Serialize(status)),
        };

        var conditions = obj["status"]!["conditions"]!.AsArray();
        if (type == ConditionTypes.WorkloadsReady || type is null)
        {
            // StatusBuilder has no WorkloadsReady part, and Reconciling/Terminating are written around it.
            var conditionStatus = type is null ? ConditionStatus.Unknown : failing;
            conditions.Insert(1, new JsonObject
            {
                ["type"] = type ?? ConditionTypes.Accepted,
                ["status"] = conditionStatus,
                ["reason"] = reason,
                ["message"] = $"{reason} (fixture).",
                ["observedGeneration"] = 2,
            });
            if (type is null)
            {
                conditions.RemoveAt(0);
            }

            if (failing != ConditionStatus.True || type is null)
            {
                var ready = conditions.Single(c => (string?)c!["type"] == ConditionTypes.Ready)!;
                ready["status"] = ConditionStatus.False;
                ready["reason"] = type is null ? ConditionReasons.Reconciling : ConditionReasons.WorkloadsNotReady;
            }
        }

        return obj;
    }
}
