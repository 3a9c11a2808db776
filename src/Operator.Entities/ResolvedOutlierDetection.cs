namespace Mesh.Operator.Entities;

/// <summary>An <see cref="OutlierDetectionPolicy"/> with its defaults applied and its durations parsed.</summary>
/// <param name="Consecutive5xx">Consecutive 5xx answers that eject an endpoint.</param>
/// <param name="Interval">How often ejections are evaluated.</param>
/// <param name="BaseEjectionTime">The base ejection time.</param>
/// <param name="MaxEjectionPercent">The most endpoints ejected at once, in percent.</param>
public sealed record ResolvedOutlierDetection(int Consecutive5xx, TimeSpan Interval, TimeSpan BaseEjectionTime, int MaxEjectionPercent);
