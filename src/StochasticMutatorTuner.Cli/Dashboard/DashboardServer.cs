using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StochasticMutatorTuner.Storage;

namespace StochasticMutatorTuner.Cli.Dashboard;

/// <summary>
/// The <c>smt dashboard</c> web server: the page, its two assets and a JSON API of GET requests only, all read
/// from the storage (nothing is ever written). Browsers poll <c>api/study?name=…&amp;since=N</c> and get only the
/// trials that changed.
/// </summary>
internal sealed class DashboardServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DashboardServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>The address the page is served at.</summary>
    public Uri Address { get; }

    /// <summary>Starts serving <paramref name="storage"/> on <paramref name="address"/>:<paramref name="port"/> (0: a free port).</summary>
    /// <param name="storage">The storage to read.</param>
    /// <param name="address">Where to listen.</param>
    /// <param name="port">The port; 0 picks a free one.</param>
    /// <param name="study">The study the page opens first, or null for the study list.</param>
    /// <param name="refreshInterval">How stale a study may be when a browser asks (the storage is read at most this often).</param>
    /// <param name="cancellationToken">Cancels starting.</param>
    /// <exception cref="CliException">The port is taken.</exception>
    public static async Task<DashboardServer> StartAsync(IStudyStorage storage, IPAddress address, int port, string? study, TimeSpan refreshInterval, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(DashboardServer).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(address, port));
        builder.Services.AddResponseCompression(o => o.Providers.Add<GzipCompressionProvider>());
        var app = builder.Build();
        app.UseResponseCompression();

        var feed = new StudyFeed(storage) { RefreshInterval = refreshInterval };
        string page = DashboardPage.Live(study);
        app.MapGet("/", c => Send(c, "text/html; charset=utf-8", page));
        app.MapGet("/assets/dashboard.js", c => Send(c, "text/javascript; charset=utf-8", DashboardPage.Script));
        app.MapGet("/assets/dashboard.css", c => Send(c, "text/css; charset=utf-8", DashboardPage.Css));
        app.MapGet("/api/studies", c => Json(c, async ct => DashboardJson.Studies(feed.Description, await feed.ListAsync(ct))));
        app.MapGet("/api/study", c => Json(c, async ct =>
            DashboardJson.Study(await feed.GetAsync(Name(c), ct), long.TryParse(c.Request.Query["since"], NumberStyles.None, CultureInfo.InvariantCulture, out long since) ? since : 0)));
        app.MapGet("/api/importance", c => Json(c, async ct => DashboardJson.Importance(await feed.ImportanceAsync(Name(c), ct))));

        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new CliException($"Cannot listen on {address}:{port}: {ex.Message}. Choose another --port (0 picks a free one).");
        }

        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new DashboardServer(app, new Uri(bound.EndsWith('/') ? bound : bound + "/"));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static string Name(HttpContext context) =>
        context.Request.Query["name"] is { Count: 1 } name && !string.IsNullOrEmpty(name[0]) ? name[0]! : throw new CliException("Name the study: ?name=…");

    private static Task Send(HttpContext context, string contentType, string body)
    {
        context.Response.ContentType = contentType;
        // Defence in depth: only this server's own script and style run, whatever text a study holds.
        context.Response.Headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.Headers.CacheControl = "no-cache";
        return context.Response.WriteAsync(body, context.RequestAborted);
    }

    private static async Task Json(HttpContext context, Func<CancellationToken, Task<string>> body)
    {
        string json;
        try
        {
            json = await body(context.RequestAborted).ConfigureAwait(false);
        }
        catch (CliException ex)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            json = Error(ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The storage is unreachable or busy: the page says so and keeps polling.
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            json = Error($"Reading the storage failed: {ex.Message}");
        }

        context.Response.Headers.CacheControl = "no-store";
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(json, context.RequestAborted).ConfigureAwait(false);
    }

    private static string Error(string message) => StorageJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("error", message);
        w.WriteEndObject();
    });
}
