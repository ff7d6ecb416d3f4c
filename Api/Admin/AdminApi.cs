using Api.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Api.Admin;

public static class AdminApi
{
    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin").WithTags("Admin").RequireAuthorization(AdminTokenHandler.Policy);
        // Lets the Web admin check a token at login without side effects.
        admin.MapGet("/session", () => TypedResults.NoContent());
        admin.MapDeadLetters();
        admin.MapJobs();
        return app;
    }
}
