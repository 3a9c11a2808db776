namespace Mesh.Operator.Runtime;

/// <summary>A key handed to a worker, with how long it waited in the queue and how many adds merged into it.</summary>
public readonly record struct WorkItem(ObjectKey Key, TimeSpan QueueWait, int Merged);
