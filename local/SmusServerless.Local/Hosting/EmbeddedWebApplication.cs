using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SmusServerless.Local.Hosting;

/// <summary>
/// A web server embedded in a command (the local endpoints, the approval pages). The command owns the process's
/// signals: ASP.NET's console lifetime would otherwise take SIGTERM and Ctrl-C for itself, stop only the server and
/// leave the command running (and the process waiting on it), which is how `serve` used to ignore SIGTERM.
/// </summary>
internal static class EmbeddedWebApplication
{
    /// <summary>Requests still in flight when the owner stops get this long to finish.</summary>
    public static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(1);

    public static WebApplicationBuilder CreateBuilder()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, OwnerLifetime>();
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = StopTimeout);
        return builder;
    }

    /// <summary>Starts and stops when its owner says so; registers no signal handlers.</summary>
    private sealed class OwnerLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
