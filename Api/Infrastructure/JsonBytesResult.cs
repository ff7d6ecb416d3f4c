using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace Api.Infrastructure;

/// <summary>
/// 200 with a body that is already UTF-8 JSON of <typeparamref name="T"/> (for example straight from the
/// cache). It declares <typeparamref name="T"/> to OpenAPI like <c>Ok&lt;T&gt;</c> does.
/// </summary>
internal sealed class JsonBytesResult<T>(byte[] json) : IResult, IEndpointMetadataProvider, IStatusCodeHttpResult
{
    public int? StatusCode => StatusCodes.Status200OK;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = json.Length;
        return response.Body.WriteAsync(json).AsTask();
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(T), ["application/json"]));
}
