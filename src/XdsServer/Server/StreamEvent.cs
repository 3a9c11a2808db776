namespace Mesh.XdsServer.Server;

/// <summary>One thing a stream's loop reacts to; all of a stream's state is touched only by that loop.</summary>
internal readonly record struct StreamEvent<TRequest>(StreamEventKind Kind, TRequest? Request = default, long Ticket = 0, Grpc.Core.Status? Error = null)
    where TRequest : class;
