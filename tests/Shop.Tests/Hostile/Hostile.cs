using System.Net;
using CsCheck;

namespace Shop.Tests.Hostile;

/// <summary>Values a hostile or careless client sends, and what every answer to them must look like.</summary>
internal static class Hostile
{
    /// <summary>A client that sends whatever bytes it is given, header values included (as UTF-8), over real TCP.</summary>
    public static HttpClient Client(Uri address) =>
        new(new SocketsHttpHandler { RequestHeaderEncodingSelector = (_, _) => System.Text.Encoding.UTF8 }) { BaseAddress = address };

    private static readonly string[] _nasty =
    [
        "", " ", "'", "''", "\"", "\\", "&", "|", "!", ":*", "<->", "(", ")", "!(", "a & | b", "a:*", "%", "%00", "%zz",
        "\0", "\r\n", "\t", "\u202E", "\uFEFF", "\uD800", "𝕳𝖊𝖑𝖑𝖔", "日本語", "null", "true", "[]", "{}", "<script>alert(1)</script>",
        "-1", "0", "-0", "2147483647", "2147483648", "-2147483649", "99999999999999999999999", "1e308", "NaN", "Infinity",
        "0x10", "1.5", "١٢٣", "../../etc/passwd", "..%2f..%2f", "%2e%2e%2f", "a/b", "a?b", "a#b",
        new string('a', 5_000), new string('\'', 300), string.Concat(Enumerable.Repeat("a ", 2_000)),
    ];

    /// <summary>Known troublemakers, random Unicode, control characters, and long runs of either.</summary>
    public static readonly Gen<string> Text = Gen.OneOf(
        Gen.OneOf<string>(_nasty),
        Gen.String,
        Gen.Char['\u0000', '\uFFFF'].Array[0, 40].Select(cs => new string(cs)),
        Gen.Char['\u0000', '\u001F'].Array[1, 10].Select(cs => new string(cs)),
        Gen.Int.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        Gen.Long.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>Percent-encodes everything, so the value reaches the app exactly as generated.</summary>
    public static string Q(string value) => Uri.EscapeDataString(ToValidUtf16(value));

    /// <summary>Lone surrogates cannot be encoded as UTF-8 at all; a client would send U+FFFD's bytes instead.</summary>
    public static string ToValidUtf16(string value)
    {
        var chars = value.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (char.IsHighSurrogate(chars[i]) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(chars[i]))
            {
                chars[i] = '\uFFFD';
            }
        }
        return new string(chars);
    }

    /// <summary>
    /// Never a 5xx; a 4xx is a ProblemDetails document, except Kestrel's own empty 400, 414 or 431 for a request it
    /// refuses before any application code runs: a control character in the path, bytes a header may not hold, an 8 KB URL.
    /// </summary>
    public static async Task AssertAnswered(HttpResponseMessage response, string request)
    {
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status < 500, $"{request} -> {status}: {body[..Math.Min(body.Length, 600)]}");
        var refusedByKestrel = status is 400 or 414 or 431 && body.Length == 0 && response.Content.Headers.ContentType is null;
        if (status >= 400 && response.StatusCode != HttpStatusCode.MethodNotAllowed && !refusedByKestrel)
        {
            Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json",
                $"{request} -> {status} as {response.Content.Headers.ContentType}: {body[..Math.Min(body.Length, 300)]}");
        }
    }
}

/// <summary>The host's errors, so a failing sample shows the exception behind its 500.</summary>
internal sealed class ErrorLog : Microsoft.Extensions.Logging.ILoggerProvider
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _errors = new();

    public string Drain()
    {
        var all = new List<string>();
        while (_errors.TryDequeue(out var e))
        {
            all.Add(e);
        }
        return string.Join("\n", all);
    }

    public Microsoft.Extensions.Logging.ILogger CreateLogger(string categoryName) => new Logger(_errors);

    public void Dispose()
    {
    }

    private sealed class Logger(System.Collections.Concurrent.ConcurrentQueue<string> errors) : Microsoft.Extensions.Logging.ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => logLevel >= Microsoft.Extensions.Logging.LogLevel.Error;
        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state,
            Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                errors.Enqueue($"{formatter(state, exception)} {exception}");
            }
        }
    }
}
