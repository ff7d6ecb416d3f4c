using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using Web.Catalog;

namespace Web.Admin;

public sealed record AdminResult(bool Ok, string? Error = null);

public sealed record DeadLetterRow(Guid Id, string Queue, string Type, string CorrelationId, int DeliveryCount,
    string? LastError, DateTimeOffset DeadLetteredAt);

public sealed record JobRunRow(long Id, string Trigger, string Outcome, DateTimeOffset RequestedAt, DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt, int ItemsProcessed, string? Error);

public sealed record JobRow(string Name, string Description, string Schedule, bool Enabled, bool SchedulerEnabled,
    DateTimeOffset? NextRun, IReadOnlyList<JobRunRow> LastRuns);

public sealed record DeadLetterList(IReadOnlyList<DeadLetterRow> Items, int Page, int PageSize, long Total);

/// <summary>Calls Api's admin endpoints with the signed-in admin's token; problems come back as readable messages.</summary>
public sealed class AdminClient(HttpClient http)
{
    public async Task<bool> IsValidTokenAsync(string token, CancellationToken ct = default)
    {
        using var response = await SendAsync(HttpMethod.Get, "/api/admin/session", token, null, ct);
        return response.IsSuccessStatusCode;
    }

    public Task<AdminResult> SaveAsync(string token, int? id, object item, CancellationToken ct = default) =>
        ResultAsync(id is null ? HttpMethod.Post : HttpMethod.Put,
            id is null ? "/api/catalog/items" : $"/api/catalog/items/{id}", token, JsonContent.Create(item), ct);

    public Task<AdminResult> DeleteAsync(string token, int id, CancellationToken ct = default) =>
        ResultAsync(HttpMethod.Delete, $"/api/catalog/items/{id}", token, null, ct);

    public async Task<AdminResult> UploadImageAsync(string token, int id, Stream image, CancellationToken ct = default)
    {
        var content = new StreamContent(image);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return await ResultAsync(HttpMethod.Put, $"/api/catalog/items/{id}/image", token, content, ct);
    }

    public async Task<DeadLetterList> ListDeadLettersAsync(string token, int page, CancellationToken ct = default)
    {
        using var response = await SendAsync(HttpMethod.Get, $"/api/admin/dead-letters?page={page}&pageSize=20", token, null, ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<DeadLetterList>(ct))!;
    }

    public Task<AdminResult> ReplayDeadLetterAsync(string token, Guid id, CancellationToken ct = default) =>
        ResultAsync(HttpMethod.Post, $"/api/admin/dead-letters/{id}/replay", token, null, ct);

    public Task<AdminResult> DeleteDeadLetterAsync(string token, Guid id, CancellationToken ct = default) =>
        ResultAsync(HttpMethod.Delete, $"/api/admin/dead-letters/{id}", token, null, ct);

    public async Task<IReadOnlyList<JobRow>> ListJobsAsync(string token, CancellationToken ct = default)
    {
        using var response = await SendAsync(HttpMethod.Get, "/api/admin/jobs", token, null, ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<List<JobRow>>(ct))!;
    }

    public Task<AdminResult> RunJobAsync(string token, string name, CancellationToken ct = default) =>
        ResultAsync(HttpMethod.Post, $"/api/admin/jobs/{Uri.EscapeDataString(name)}/run", token, null, ct);

    private async Task<AdminResult> ResultAsync(HttpMethod method, string url, string token, HttpContent? content, CancellationToken ct)
    {
        using var response = await SendAsync(method, url, token, content, ct);
        if (response.IsSuccessStatusCode)
        {
            return new AdminResult(true);
        }
        var problem = await TryReadProblemAsync(response, ct);
        return new AdminResult(false, problem?.Errors.Count > 0
            ? string.Join(" ", problem.Errors.SelectMany(e => e.Value))
            : problem?.Detail ?? problem?.Title ?? $"The Api answered {(int)response.StatusCode}.");
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, string token, HttpContent? content, CancellationToken ct)
    {
        var request = new HttpRequestMessage(method, url) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http.SendAsync(request, ct);
    }

    private static async Task<ValidationProblemDetails?> TryReadProblemAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<ValidationProblemDetails>(ct);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or NotSupportedException)
        {
            return null;
        }
    }
}
