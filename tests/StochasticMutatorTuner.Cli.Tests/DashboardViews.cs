namespace StochasticMutatorTuner.Cli.Tests;

/// <summary>What every view of the dashboard page must show for a study of the reporting test worker (SmallConfig).</summary>
internal static class DashboardViews
{
    /// <summary>SmallConfig's parameters and their values, as the page must label them.</summary>
    public static readonly (string Name, string[] Values)[] Parameters =
    [
        ("Width", ["1", "2", "3", "4"]),
        ("Dropout", ["false", "true"]),
        ("Rate", ["0.1", "0.2", "0.3"]),
        ("Optimizer", ["Sgd", "Adam"]),
        ("Momentum", ["0", "0.9"]),
    ];

    private const string PaintedPixels = """
        (selector => [...document.querySelectorAll(selector)].map(c => {
          const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
          let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
          return n; }))
        """;

    public static async Task AssertEveryViewRendersAsync(Browser b, int trials)
    {
        Assert.Equal(trials.ToString(System.Globalization.CultureInfo.InvariantCulture), await b.EvalAsync<string>("document.body.dataset.trials"));

        // History and learning curves: drawn (painted canvas), with their legends.
        foreach (var view in new[] { "view-history", "view-curves" })
        {
            var painted = await b.EvalAsync<int[]>($"{PaintedPixels}('#{view} canvas')");
            Assert.True(painted.Length == 1 && painted[0] > 500, $"{view} canvas painted pixels: {string.Join(",", painted)}");
        }

        Assert.Contains("pruned (cut at ×)", await b.EvalAsync<string>("document.querySelector('#view-curves .legend').textContent"));

        // Parallel coordinates: an axis per parameter, labelled with the real values, "(inactive)" for the conditional ones, a colour bar.
        // (a label's first child is its text; a <title> after it is the tooltip)
        var texts = await b.EvalAsync<string[]>("[...document.querySelectorAll('#view-parallel svg text')].map(t => t.firstChild.textContent)");
        foreach (var (name, values) in Parameters)
        {
            Assert.Contains(name, texts);
            Assert.All(values, v => Assert.Contains(v, texts));
        }

        Assert.Equal(2, texts.Count(t => t == "(inactive)")); // Rate and Momentum are conditional
        Assert.Contains("score", texts);
        Assert.Equal(1, await b.EvalAsync<int>("document.querySelectorAll('#view-parallel rect.colorbar').length"));
        Assert.True((await b.EvalAsync<int[]>($"{PaintedPixels}('#view-parallel canvas')"))[0] > 500);

        // Importance: a row per parameter, with a whisker each, or the message saying why not.
        var importance = await b.EvalAsync<string[]>("[...document.querySelectorAll('#view-importance svg text')].map(t => t.textContent)");
        Assert.All(Parameters, p => Assert.Contains(p.Name, importance));
        Assert.Contains(importance, t => t.Contains("trials", StringComparison.Ordinal));

        // Slices: one per parameter, each drawn with its value labels.
        Assert.Equal(Parameters.Select(p => p.Name), await b.EvalAsync<string[]>("[...document.querySelectorAll('#view-slices .slice')].map(s => s.dataset.param)"));
        Assert.All(await b.EvalAsync<int[]>($"{PaintedPixels}('#view-slices canvas')"), n => Assert.True(n > 20, $"a slice has {n} painted pixels"));
        var sliceLabels = await b.EvalAsync<string[]>("[...document.querySelectorAll('#view-slices .slice[data-param=Width] text.slice-value')].map(t => t.firstChild.textContent)");
        Assert.Equal(["1", "2", "3", "4"], sliceLabels);

        // The trials table: metrics and parameters as columns, formatted scores, one row per trial (up to a page).
        var headers = await b.EvalAsync<string[]>("[...document.querySelectorAll('#trials th')].map(t => t.textContent)");
        Assert.Equal(["#", "state", "score", "duration", "steps", "accuracy", "Width", "Dropout", "Rate", "Optimizer", "Momentum", "error"], headers);
        Assert.Equal(Math.Min(50, trials), await b.EvalAsync<int>("document.querySelectorAll('#trials tbody tr').length"));
        var accuracies = await b.EvalAsync<string[]>("[...document.querySelectorAll('#trials tbody tr')].map(r => r.children[5].textContent).filter(t => t)");
        Assert.All(accuracies, a => Assert.True(a.Length <= 6, $"accuracy shown as {a}"));
        Assert.Equal(1, await b.EvalAsync<int>("document.querySelectorAll('#best-config').length"));
    }

    /// <summary>Sorting, filtering and the details of the failed trial, whose error text holds markup that must stay text.</summary>
    public static async Task AssertTableAndDetailsWorkAsync(Browser b)
    {
        await b.Page.ClickAsync("#trials th[data-key=score]");
        var scores = await b.EvalAsync<double[]>("[...document.querySelectorAll('#trials tbody tr')].map(r => r.children[2].textContent).filter(t => t).map(Number)");
        Assert.NotEmpty(scores);
        Assert.Equal(scores.Order(), scores);

        await b.Page.SelectAsync("#trial-state", "failed");
        Assert.Equal(["2"], await b.EvalAsync<string[]>("[...document.querySelectorAll('#trials tbody tr')].map(r => r.dataset.n)"));

        await b.Page.ClickAsync("#trials tbody tr[data-n='2']");
        await b.WaitForAsync("!document.getElementById('trial-details').hidden");
        Assert.Contains("diverged: <script>window.pwned = 1</script> & NaN loss", await b.EvalAsync<string>("document.getElementById('trial-error').textContent"));
        Assert.True(await b.EvalAsync<bool>("window.pwned === undefined"), "markup in an error text ran");
        using var config = System.Text.Json.JsonDocument.Parse(await b.EvalAsync<string>("document.getElementById('config-json').textContent"));
        Assert.Contains(config.RootElement.EnumerateObject(), p => p.Name == "Width");
        var details = await b.EvalAsync<string>("document.getElementById('trial-details').textContent");
        Assert.Contains("Trial #2", details);
        Assert.DoesNotContain("null", details); // no missing value printed as "null"
        Assert.DoesNotContain("Metrics", details); // the failed trial has none

        await b.Page.Keyboard.PressAsync("Escape");
        await b.Page.SelectAsync("#trial-state", "all");
    }
}
