using PuppeteerSharp;

namespace StochasticMutatorTuner.Cli.Tests;

/// <summary>
/// Debian's chromium, headless, driven over the DevTools protocol: a fresh profile, no network of its own (no
/// updates, sync or downloads), and every console error, page error and request recorded.
/// </summary>
internal sealed class Browser : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private readonly IBrowser _browser;
    private readonly string _profile;

    private Browser(IBrowser browser, IPage page, string profile)
    {
        _browser = browser;
        _profile = profile;
        Page = page;
        page.Console += (_, e) =>
        {
            if (e.Message.Type == ConsoleType.Error)
            {
                Errors.Add("console: " + e.Message.Text);
            }
        };
        page.PageError += (_, e) => Errors.Add("page: " + e.Message);
        page.Request += (_, e) => Requests.Add(e.Request.Url);
    }

    public IPage Page { get; }

    public List<string> Errors { get; } = new();

    public List<string> Requests { get; } = new();

    public static async Task<Browser> LaunchAsync(int width = 1400, int height = 1000)
    {
        Assert.True(File.Exists(ExecutablePath), $"The browser tests need Debian's chromium at {ExecutablePath}: apt-get install chromium (./eng/test.sh installs it).");
        string profile = Directory.CreateTempSubdirectory("smt-chromium-").FullName;
        var browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            UserDataDir = profile,
            Args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
            Timeout = 60_000,
        });
        var page = await browser.NewPageAsync();
        await page.SetViewportAsync(new ViewPortOptions { Width = width, Height = height });
        return new Browser(browser, page, profile);
    }

    /// <summary>Waits until <paramref name="condition"/> (a JavaScript expression) is true.</summary>
    public Task WaitForAsync(string condition, int timeoutMs = 30_000) =>
        Page.WaitForFunctionAsync("() => " + condition, new WaitForFunctionOptions { Timeout = timeoutMs, PollingInterval = 100 });

    public Task<T> EvalAsync<T>(string expression) => Page.EvaluateExpressionAsync<T>(expression);

    public async ValueTask DisposeAsync()
    {
        await _browser.CloseAsync();
        _browser.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // chromium may still be writing its profile as it exits; a temp folder left behind is harmless.
        }
    }
}
