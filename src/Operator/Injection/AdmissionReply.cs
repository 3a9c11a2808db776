namespace Mesh.Operator.Injection;

/// <summary>An HTTP answer of the webhook: a status code and a body (an AdmissionReview, or a sentence for an error).</summary>
public sealed record AdmissionReply(int StatusCode, string Body, string ContentType)
{
    public static AdmissionReply Error(int statusCode, string message) => new(statusCode, message + "\n", "text/plain; charset=utf-8");
}
