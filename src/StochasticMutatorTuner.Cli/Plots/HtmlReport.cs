using System.Globalization;
using System.Net;
using System.Text;
using StochasticMutatorTuner.Reporting;
using StochasticMutatorTuner.Space;
using StochasticMutatorTuner.Storage;
using StochasticMutatorTuner.Trials;

namespace StochasticMutatorTuner.Cli.Plots;

/// <summary>
/// A self-contained HTML report (no external files or scripts): summary, best config, importance and statistics,
/// every plot as an embedded PNG, and a trials table that sorts when a header is clicked.
/// </summary>
internal static class HtmlReport
{
    public static string Render(Study study)
    {
        var trials = study.Trials;
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
            .Append(Encode("Study " + study.Name)).Append("</title>\n<style>")
            .Append("body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}")
            .Append("th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;font-size:13px}th{background:#f0f0f0;cursor:pointer}")
            .Append("tr.best td{background:#fff3c4}.plots img{max-width:100%;border:1px solid #eee;margin:0.5em 0}code{background:#f6f6f6;padding:2px 4px}")
            .Append("</style></head><body>\n");
        html.Append("<h1>Study ").Append(Encode(study.Name)).Append("</h1>\n");
        html.Append("<p>").Append(Count(trials.Count)).Append(" trials: ")
            .Append(string.Join(", ", Enum.GetValues<TrialState>().Select(s => $"{Count(trials.Count(t => t.State == s))} {StorageJson.StateName(s)}")))
            .Append(". Objective: ").Append(StorageJson.DirectionName(study.Direction)).Append(".</p>\n");

        if (study.BestTrial is { } best)
        {
            html.Append("<h2>Best trial #").Append(Count(best.Number)).Append(": ").Append(Encode(CliApp.Number(best.Score!.Value))).Append("</h2>\n<table>");
            foreach (var (name, value) in best.Params)
            {
                html.Append("<tr><th>").Append(Encode(name)).Append("</th><td>").Append(Encode(ParamValues.Format(value))).Append("</td></tr>");
            }

            html.Append("</table>\n");
        }

        html.Append("<h2>Parameter importance</h2>\n<p>Each parameter is judged only on the scored trials in which it was active: the share of the variance of score ranks that its value explains beyond chance (ε², a bias-corrected η²), normalized to sum to 100 %.</p>\n<table><tr><th>parameter</th><th>importance</th><th>ε²</th><th>trials</th></tr>");
        foreach (var i in StudyAnalysis.Importance(study))
        {
            html.Append("<tr><td>").Append(Encode(i.Parameter)).Append("</td><td>").Append(i.Importance.ToString("P1", CultureInfo.InvariantCulture))
                .Append("</td><td>").Append(CliApp.Number(i.ExplainedVariance)).Append("</td><td>").Append(Count(i.Trials)).Append("</td></tr>");
        }

        html.Append("</table>\n<h2>Plots</h2>\n<div class=\"plots\">\n");
        foreach (var plot in StudyPlots.Create(study))
        {
            var png = plot.Plot.GetImageBytes(plot.Width, plot.Height, ScottPlot.ImageFormat.Png);
            html.Append("<figure><img alt=\"").Append(Encode(plot.Title)).Append("\" id=\"plot-").Append(Encode(plot.Name)).Append("\" src=\"data:image/png;base64,")
                .Append(Convert.ToBase64String(png)).Append("\"><figcaption>").Append(Encode(plot.Title)).Append("</figcaption></figure>\n");
        }

        html.Append("</div>\n<h2>Trials</h2>\n<p>Click a column header to sort.</p>\n<table id=\"trials\"><thead><tr>");
        var parameters = study.Space.Parameters.Select(p => p.Name).ToList();
        foreach (var header in new[] { "#", "state", "score", "seconds" }.Concat(parameters).Append("error"))
        {
            html.Append("<th>").Append(Encode(header)).Append("</th>");
        }

        html.Append("</tr></thead><tbody>\n");
        foreach (var t in trials)
        {
            html.Append(t == study.BestTrial ? "<tr class=\"best\">" : "<tr>")
                .Append("<td>").Append(Count(t.Number)).Append("</td><td>").Append(StorageJson.StateName(t.State)).Append("</td><td>")
                .Append(t.Score is { } s ? s.ToString("R", CultureInfo.InvariantCulture) : "").Append("</td><td>")
                .Append(t.Duration is { } d ? d.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture) : "").Append("</td>");
            foreach (var p in parameters)
            {
                html.Append("<td>").Append(t.Params.TryGetValue(p, out var v) ? Encode(ParamValues.Format(v)) : "").Append("</td>");
            }

            html.Append("<td>").Append(Encode(t.Error ?? "")).Append("</td></tr>\n");
        }

        html.Append("</tbody></table>\n<script>\n")
            .Append("document.querySelectorAll('#trials th').forEach((th, col) => th.addEventListener('click', () => {\n")
            .Append("  const body = document.querySelector('#trials tbody');\n")
            .Append("  const asc = th.dataset.asc !== 'true'; th.dataset.asc = asc;\n")
            .Append("  const key = r => { const t = r.children[col].textContent; const n = parseFloat(t); return t === '' ? null : isNaN(n) ? t : n; };\n")
            .Append("  [...body.rows].sort((a, b) => { const x = key(a), y = key(b); if (x === null) return 1; if (y === null) return -1;\n")
            .Append("    return (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y))) * (asc ? 1 : -1); })\n")
            .Append("    .forEach(r => body.appendChild(r));\n}));\n</script>\n</body></html>\n");
        return html.ToString();
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);
}
