using System.Net;
using StochasticMutatorTuner.Cli.Dashboard;
using StochasticMutatorTuner.Tests.Support;

namespace StochasticMutatorTuner.Cli.Tests;

/// <summary>
/// <c>smt dashboard</c> and the HTML report in a real browser (Debian's chromium), on studies that a separate worker
/// process writes: SQLite for the live page and the report, PostgreSQL for the API.
/// </summary>
public sealed class DashboardTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("smt-dashboard-").FullName;

    private string Database => Path.Combine(_folder, "live.db");

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_live_page_shows_every_view_and_a_new_trial_appears_without_a_reload()
    {
        await TestWorkerProcess.RunAsync("reporting-worker", Database, "live", "12", "40");
        await using var storage = StudySource.OpenStorage(Database);
        await using var server = await DashboardServer.StartAsync(storage, IPAddress.Loopback, 0, null, TimeSpan.FromMilliseconds(200), CancellationToken.None);
        await using var b = await Browser.LaunchAsync();

        // The study list, then the study.
        await b.Page.GoToAsync(server.Address.ToString());
        await b.WaitForAsync("document.querySelector('#studies tbody tr') !== null");
        Assert.Equal(["live"], await b.EvalAsync<string[]>("[...document.querySelectorAll('#studies tbody tr td:first-child')].map(t => t.textContent)"));
        await b.Page.ClickAsync("#studies tbody tr a");
        // MaxTrials counts complete and pruned trials: the worker's failed trial 2 makes it 13.
        await b.WaitForAsync("document.body.dataset.trials === '13' && document.querySelector('#view-importance svg') !== null");
        await DashboardViews.AssertEveryViewRendersAsync(b, 13);
        await DashboardViews.AssertTableAndDetailsWorkAsync(b);

        // Another worker adds trials to the same study; the open page shows them by itself.
        await b.EvalAsync<string>("window.samePage = 'yes'");
        await TestWorkerProcess.RunAsync("reporting-worker", Database, "live", "16", "40");
        await b.WaitForAsync("document.body.dataset.trials === '17'");
        Assert.Equal("yes", await b.EvalAsync<string>("window.samePage"));
        Assert.Equal(17, await b.EvalAsync<int>("document.querySelectorAll('#trials tbody tr').length"));
        Assert.Equal(1, await b.EvalAsync<int>("document.querySelectorAll('#trials tbody tr[data-n=\"16\"]').length"));
        await DashboardViews.AssertEveryViewRendersAsync(b, 17);

        Assert.True(b.Errors.Count == 0, string.Join("\n", b.Errors));
        Assert.All(b.Requests, url => Assert.StartsWith(server.Address.ToString(), url, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_report_is_the_same_page_read_offline_and_markup_in_names_and_errors_stays_text()
    {
        const string name = "<img src=x onerror=\"window.pwned=3\"><script>window.pwned=2</script>";
        await TestWorkerProcess.RunAsync("reporting-worker", Database, name, "12", "0");
        var file = Path.Combine(_folder, "report.html");
        var output = new StringWriter();
        Assert.Equal(0, await CliApp.RunAsync(["report", "-s", Database, "-o", file], output, new StringWriter()));
        var html = await File.ReadAllTextAsync(file);
        Assert.DoesNotContain("<script>window.pwned", html);
        Assert.DoesNotContain("<img src=x", html);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", "", StringComparison.Ordinal));
        Assert.DoesNotContain("https://", html);

        await using var b = await Browser.LaunchAsync(1366, 900); // a laptop screen
        await b.Page.GoToAsync(new Uri(file).AbsoluteUri);
        await b.WaitForAsync("document.body.dataset.trials === '13'"); // 12 counted and the failed trial 2
        Assert.Equal(name, await b.EvalAsync<string>("document.querySelector('main h1').textContent"));
        Assert.True(await b.EvalAsync<bool>("window.pwned === undefined"), "markup in the study name ran");
        await DashboardViews.AssertEveryViewRendersAsync(b, 13);
        await DashboardViews.AssertTableAndDetailsWorkAsync(b);
        Assert.True(await b.EvalAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the page is wider than a laptop screen");

        Assert.True(b.Errors.Count == 0, string.Join("\n", b.Errors));
        Assert.All(b.Requests, url => Assert.True(url.StartsWith("file:", StringComparison.Ordinal) || url.StartsWith("data:", StringComparison.Ordinal), url));
    }

    [Fact]
    public async Task The_api_reads_a_postgresql_study_and_sends_only_what_changed()
    {
        // A database of its own: the shared test database may hold another branch's schema.
        await using var database = await ScratchDatabase.CreateAsync();
        string study = "dashboard";
        await TestWorkerProcess.RunAsync("reporting-worker", database.ConnectionString, study, "6", "0");
        await using var storage = StudySource.OpenStorage(database.ConnectionString);
        {
            await using (var server = await DashboardServer.StartAsync(storage, IPAddress.Loopback, 0, study, TimeSpan.Zero, CancellationToken.None))
            {
                using var http = new HttpClient { BaseAddress = server.Address };
                using var list = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(new Uri("api/studies", UriKind.Relative)));
                var entry = list.RootElement.GetProperty("studies").EnumerateArray().Single(s => s.GetProperty("name").GetString() == study);
                Assert.Equal(7, entry.GetProperty("trials").GetInt32()); // 6 counted and the failed trial 2
                Assert.DoesNotContain("smt_tests'", list.RootElement.GetProperty("storage").GetString()); // no password

                using var all = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(new Uri($"api/study?name={Uri.EscapeDataString(study)}&since=0", UriKind.Relative)));
                Assert.Equal(7, all.RootElement.GetProperty("trials").GetArrayLength());
                Assert.Equal(["Width", "Dropout", "Rate", "Optimizer", "Momentum"], all.RootElement.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
                long sequence = all.RootElement.GetProperty("sequence").GetInt64();

                using var none = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(new Uri($"api/study?name={Uri.EscapeDataString(study)}&since={sequence}", UriKind.Relative)));
                Assert.Equal(0, none.RootElement.GetProperty("trials").GetArrayLength());

                await TestWorkerProcess.RunAsync("reporting-worker", database.ConnectionString, study, "8", "0");
                using var two = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(new Uri($"api/study?name={Uri.EscapeDataString(study)}&since={sequence}", UriKind.Relative)));
                Assert.Equal([7, 8], two.RootElement.GetProperty("trials").EnumerateArray().Select(t => t.GetProperty("n").GetInt32()));

                using var missing = await http.GetAsync(new Uri("api/study?name=nope", UriKind.Relative));
                Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
                using var error = System.Text.Json.JsonDocument.Parse(await missing.Content.ReadAsStringAsync());
                Assert.EndsWith("has no study named 'nope'. Studies there: dashboard.", error.RootElement.GetProperty("error").GetString());

                var page = await http.GetStringAsync(new Uri("", UriKind.Relative));
                Assert.Contains("<script src=\"assets/dashboard.js\"></script>", page);
                Assert.Contains("'use strict'", await http.GetStringAsync(new Uri("assets/dashboard.js", UriKind.Relative)));
                using var post = await http.PostAsync(new Uri("api/study?name=" + study, UriKind.Relative), new StringContent(""));
                Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
            }
        }
    }

    [Theory]
    [InlineData("0.0.0.0", "--host 0.0.0.0 can be reached from other machines, and anyone who reaches it could read every study in the storage")]
    [InlineData("example.org", "--host 'example.org' is not an IP address")]
    public async Task A_non_loopback_address_needs_an_explicit_flag(string host, string message)
    {
        await TestWorkerProcess.RunAsync("reporting-worker", Database, "s", "3", "0");
        var error = new StringWriter();
        var output = new StringWriter();
        Assert.Equal(1, await CliApp.RunAsync(["dashboard", "-s", Database, "--host", host, "--port", "0"], output, error));
        Assert.StartsWith("error: " + message, error.ToString());
        Assert.Equal("", output.ToString());
    }

    [Fact]
    public async Task The_command_serves_until_cancelled_and_says_where()
    {
        await TestWorkerProcess.RunAsync("reporting-worker", Database, "s", "3", "0");
        using var cancel = new CancellationTokenSource();
        var output = new LineWriter();
        var run = CliApp.RunAsync(["dashboard", "-s", Database, "--study", "s", "--port", "0"], output, new StringWriter(), cancel.Token);
        string line = await output.FirstLine.WaitAsync(TimeSpan.FromSeconds(30));
        var match = System.Text.RegularExpressions.Regex.Match(line, @"^Dashboard of SQLite file (?<file>.+) at (?<url>http://127\.0\.0\.1:\d+/) \(read-only; Ctrl\+C stops it\)\.$");
        Assert.True(match.Groups["url"].Success, line);
        using var http = new HttpClient();
        Assert.Contains("\"study\":\"s\"", await http.GetStringAsync(new Uri(match.Groups["url"].Value)));
        await cancel.CancelAsync();
        Assert.Equal(0, await run);
        Assert.Contains("Dashboard stopped.", output.ToString());
    }

    /// <summary>A writer that reports its first line as soon as it is written.</summary>
    private sealed class LineWriter : StringWriter
    {
        private readonly TaskCompletionSource<string> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<string> FirstLine => _first.Task;

        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            _first.TrySetResult(value ?? "");
        }
    }
}
