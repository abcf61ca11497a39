using System.Net;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace StochasticMutatorTuner.Cli.Dashboard;

/// <summary>
/// The dashboard's one page, from the files embedded in this assembly (no CDN: it works offline). The live server
/// links its script and style sheet; a static report inlines them and embeds the study's data, so it is the same
/// page with the same views, read once.
/// </summary>
internal static class DashboardPage
{
    /// <summary>The style sheet.</summary>
    public static string Css { get; } = Asset("dashboard.css");

    /// <summary>The script that draws every view.</summary>
    public static string Script { get; } = Asset("dashboard.js");

    private static string Template { get; } = Asset("index.html");

    /// <summary>The page the live server sends: it polls the server's JSON API; <paramref name="study"/> is opened first when given.</summary>
    public static string Live(string? study) => Fill(
        "Study dashboard",
        "<link rel=\"stylesheet\" href=\"assets/dashboard.css\">",
        JsonScript("smt-config", StorageJsonObject("live", study)),
        "<script src=\"assets/dashboard.js\"></script>",
        csp: null);

    /// <summary>
    /// A self-contained report of one study: style, script and data inline, nothing fetched. A Content Security
    /// Policy allows only this page's own script (by hash) and no network, so text from the study can never run.
    /// </summary>
    public static string Report(string title, string dataJson)
    {
        string hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Script)));
        string csp = $"default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-{hash}'";
        return Fill(
            title,
            "<style>" + Css + "</style>",
            JsonScript("smt-config", StorageJsonObject("report", null)) + "\n" + JsonScript("smt-data", dataJson),
            "<script>" + Script + "</script>",
            csp);
    }

    // One pass over the template: text put in (a study name, say) is never scanned for placeholders again.
    private static string Fill(string title, string style, string data, string script, string? csp) =>
        Regex.Replace(Template, @"\{\{([A-Z]+)\}\}", m => m.Groups[1].Value switch
        {
            "CSP" => csp is null ? "" : $"<meta http-equiv=\"Content-Security-Policy\" content=\"{WebUtility.HtmlEncode(csp)}\">",
            "TITLE" => WebUtility.HtmlEncode(title),
            "STYLE" => style,
            "DATA" => data,
            "SCRIPT" => script,
            var other => throw new InvalidOperationException($"Unknown placeholder {other} in the dashboard page."),
        });

    // JSON from Utf8JsonWriter's default encoder has '<', '>' and '&' escaped, so it cannot close the element.
    private static string JsonScript(string id, string json) => $"<script type=\"application/json\" id=\"{id}\">{json}</script>";

    private static string StorageJsonObject(string mode, string? study) => Storage.StorageJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("mode", mode);
        if (study is not null)
        {
            w.WriteString("study", study);
        }

        w.WriteEndObject();
    });

    private static string Asset(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Dashboard/" + name)
            ?? throw new InvalidOperationException($"The dashboard asset {name} is missing from the assembly.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
