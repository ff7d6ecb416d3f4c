namespace Shop.Jobs;

/// <summary>
/// A cron expression in UTC: five fields (minute hour day-of-month month day-of-week) or six with
/// seconds first. Each field takes <c>*</c>, numbers, ranges <c>a-b</c>, lists and steps <c>/n</c>.
/// The small stand-in for the Cronos package, which this machine cannot restore.
/// </summary>
public sealed class CronSchedule
{
    private readonly bool[] _seconds, _minutes, _hours, _days, _months, _weekdays;
    private readonly bool _anyDay, _anyWeekday;

    public string Expression { get; }

    private CronSchedule(string expression, string[] f)
    {
        Expression = expression;
        var withSeconds = f.Length == 6;
        _seconds = withSeconds ? Field(f[0], 0, 59) : Field("0", 0, 59);
        var o = withSeconds ? 1 : 0;
        _minutes = Field(f[o], 0, 59);
        _hours = Field(f[o + 1], 0, 23);
        _days = Field(f[o + 2], 1, 31);
        _months = Field(f[o + 3], 1, 12);
        _weekdays = Field(f[o + 4].Replace("7", "0", StringComparison.Ordinal), 0, 6);
        _anyDay = f[o + 2] == "*";
        _anyWeekday = f[o + 4] == "*";
    }

    public static CronSchedule Parse(string expression)
    {
        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length is not (5 or 6))
        {
            throw new FormatException($"'{expression}' is not a cron expression: expected 5 or 6 fields.");
        }
        return new CronSchedule(expression, fields);
    }

    public static bool TryParse(string expression, out CronSchedule? schedule)
    {
        try
        {
            schedule = Parse(expression);
            return true;
        }
        catch (FormatException)
        {
            schedule = null;
            return false;
        }
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/>, or null within the next five years.</summary>
    public DateTimeOffset? Next(DateTimeOffset after)
    {
        var t = after.UtcDateTime;
        t = new DateTime(t.Year, t.Month, t.Day, t.Hour, t.Minute, t.Second, DateTimeKind.Utc).AddSeconds(1);
        var limit = t.AddYears(5);
        while (t < limit)
        {
            if (!_months[t.Month] || !DayMatches(t))
            {
                t = new DateTime(t.Year, t.Month, t.Day, 0, 0, 0, DateTimeKind.Utc).AddDays(1);
            }
            else if (!_hours[t.Hour])
            {
                t = new DateTime(t.Year, t.Month, t.Day, t.Hour, 0, 0, DateTimeKind.Utc).AddHours(1);
            }
            else if (!_minutes[t.Minute])
            {
                t = new DateTime(t.Year, t.Month, t.Day, t.Hour, t.Minute, 0, DateTimeKind.Utc).AddMinutes(1);
            }
            else if (!_seconds[t.Second])
            {
                t = t.AddSeconds(1);
            }
            else
            {
                return new DateTimeOffset(t);
            }
        }
        return null;
    }

    // Like classic cron: when both day fields are restricted, either may match.
    private bool DayMatches(DateTime t) => (_anyDay, _anyWeekday) switch
    {
        (true, true) => true,
        (false, true) => _days[t.Day],
        (true, false) => _weekdays[(int)t.DayOfWeek],
        _ => _days[t.Day] || _weekdays[(int)t.DayOfWeek],
    };

    private static bool[] Field(string field, int min, int max)
    {
        var allowed = new bool[max + 1];
        foreach (var part in field.Split(','))
        {
            var (range, step) = part.Split('/') switch
            {
                [var r] => (r, 1),
                [var r, var s] when int.TryParse(s, out var n) && n > 0 => (r, n),
                _ => throw new FormatException($"Bad cron step in '{part}'."),
            };
            var (from, to) = range switch
            {
                "*" => (min, max),
                _ when range.Split('-') is [var a, var b] => (Number(a, min, max), Number(b, min, max)),
                _ => (Number(range, min, max), step > 1 ? max : Number(range, min, max)),
            };
            for (var v = from; v <= to; v += step)
            {
                allowed[v] = true;
            }
        }
        return allowed;
    }

    private static int Number(string text, int min, int max) =>
        int.TryParse(text, out var n) && n >= min && n <= max ? n : throw new FormatException($"'{text}' is not in {min}-{max}.");
}
