using System.Globalization;
using Microsoft.Data.Sqlite;

namespace SelfData.Cli.Demo;

/// <summary>
/// A synthetic territory in a SQLite file: residents and what eight holders know about them — half-hourly
/// electricity with daily and seasonal shape, daily gas and water, monthly bills, bank operations that pay those
/// bills, calls with positions, daily positions and trips. Deterministic for a seed.
/// </summary>
internal sealed class DemoTerritory
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.TryFindSystemTimeZoneById("Europe/Paris", out var zone) ? zone : TimeZoneInfo.CreateCustomTimeZone("CET", TimeSpan.FromHours(1), "CET", "CET");
    private const int Version = 2;

    private DemoTerritory(string path, int seed, int years, int residents, DateOnly start)
    {
        Path = path;
        Seed = seed;
        Years = years;
        Residents = residents;
        Start = start;
    }

    public string Path { get; }

    public int Seed { get; }

    public int Years { get; }

    public int Residents { get; }

    public DateOnly Start { get; }

    public DateOnly End => Start.AddYears(Years);

    public bool Reused { get; private set; }

    public string ConnectionString => new SqliteConnectionStringBuilder { DataSource = Path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString();

    /// <summary>Opens the territory in <paramref name="path"/>, creating it unless one with the same seed, years and residents is there.</summary>
    public static DemoTerritory CreateOrReuse(string path, int seed, int years, int residents, IProgress<string>? progress = null)
    {
        var start = new DateOnly(2024 - years, 1, 1);
        var territory = new DemoTerritory(path, seed, years, residents, start);
        if (File.Exists(path) && territory.Matches())
        {
            territory.Reused = true;
            return territory;
        }

        File.Delete(path);
        territory.Generate(progress);
        return territory;
    }

    /// <summary>Opens a territory a demo already wrote, reading its seed, years and residents from its metadata.</summary>
    public static DemoTerritory OpenExisting(string path)
    {
        var probe = new DemoTerritory(path, 0, 0, 0, default);
        try
        {
            using var connection = probe.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT value FROM meta WHERE key = 'signature'";
            var parts = (command.ExecuteScalar() as string ?? string.Empty).Split(';').Skip(1).Select(p => p.Split('=')).ToDictionary(p => p[0], p => int.Parse(p[1], CultureInfo.InvariantCulture));
            var years = parts["years"];
            return new DemoTerritory(path, parts["seed"], years, parts["residents"], new DateOnly(2024 - years, 1, 1));
        }
        catch (Exception e) when (e is SqliteException or KeyNotFoundException or FormatException or IndexOutOfRangeException)
        {
            throw new CliException(CliErrorCodes.FileUnreadable, $"{path} is not a territory written by 'selfdata demo'.");
        }
    }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        return connection;
    }

    private bool Matches()
    {
        try
        {
            using var connection = Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT value FROM meta WHERE key = 'signature'";
            return command.ExecuteScalar() as string == Signature();
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    private string Signature() => string.Create(CultureInfo.InvariantCulture, $"v{Version};seed={Seed};years={Years};residents={Residents}");

    private void Generate(IProgress<string>? progress)
    {
        using var connection = Open();
        Execute(connection, """
            PRAGMA journal_mode = OFF;
            PRAGMA synchronous = OFF;
            CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE resident(id INTEGER PRIMARY KEY, subject TEXT NOT NULL, given TEXT NOT NULL, family TEXT NOT NULL, email TEXT NOT NULL,
                msisdn TEXT NOT NULL, street TEXT NOT NULL, postcode TEXT NOT NULL, city TEXT NOT NULL, prm TEXT NOT NULL, pce TEXT NOT NULL,
                client_id TEXT NOT NULL, iban TEXT NOT NULL, heating TEXT NOT NULL, surface INTEGER NOT NULL, occupants INTEGER NOT NULL,
                lat REAL NOT NULL, lon REAL NOT NULL, birthdate TEXT NOT NULL);
            CREATE TABLE load_curve_day(resident INTEGER NOT NULL, day TEXT NOT NULL, watts BLOB NOT NULL, PRIMARY KEY(resident, day)) WITHOUT ROWID;
            CREATE TABLE gas_day(resident INTEGER NOT NULL, day TEXT NOT NULL, litres INTEGER NOT NULL, wh INTEGER NOT NULL, meter_index INTEGER NOT NULL, PRIMARY KEY(resident, day)) WITHOUT ROWID;
            CREATE TABLE water_day(resident INTEGER NOT NULL, day TEXT NOT NULL, litres INTEGER NOT NULL, PRIMARY KEY(resident, day)) WITHOUT ROWID;
            CREATE TABLE bill(id INTEGER PRIMARY KEY, resident INTEGER NOT NULL, holder TEXT NOT NULL, date TEXT NOT NULL, cents INTEGER NOT NULL, reference TEXT NOT NULL, type TEXT NOT NULL);
            CREATE TABLE bank_operation(id INTEGER PRIMARY KEY, resident INTEGER NOT NULL, date TEXT NOT NULL, realisation TEXT NOT NULL, cents INTEGER NOT NULL, label TEXT NOT NULL, type TEXT NOT NULL, bill INTEGER);
            CREATE TABLE communication(id INTEGER PRIMARY KEY, resident INTEGER NOT NULL, at TEXT NOT NULL, partner TEXT NOT NULL, type TEXT NOT NULL, length INTEGER NOT NULL, lat REAL NOT NULL, lon REAL NOT NULL);
            CREATE TABLE position(resident INTEGER NOT NULL, at TEXT NOT NULL, lat REAL NOT NULL, lon REAL NOT NULL, radius INTEGER NOT NULL, PRIMARY KEY(resident, at)) WITHOUT ROWID;
            CREATE TABLE trip(id INTEGER PRIMARY KEY, resident INTEGER NOT NULL, start TEXT NOT NULL, end TEXT NOT NULL, mode TEXT NOT NULL, metres INTEGER NOT NULL,
                from_lat REAL NOT NULL, from_lon REAL NOT NULL, to_lat REAL NOT NULL, to_lon REAL NOT NULL);
            """);
        using var transaction = connection.BeginTransaction();
        var insertResident = Prepare(connection, "INSERT INTO resident VALUES ($id,$subject,$given,$family,$email,$msisdn,$street,$postcode,$city,$prm,$pce,$client,$iban,$heating,$surface,$occupants,$lat,$lon,$birth)");
        string[] given = ["Germaine", "Louis", "Amina", "Jean", "Camille", "Karim", "Lucie", "Hugo", "Inès", "Paul", "Chloé", "Mehdi"];
        string[] family = ["Dupond", "Martin", "Bernard", "Benali", "Petit", "Durand", "Moreau", "Lefèvre", "Nguyen", "Garcia"];
        string[] streets = ["rue de la République", "cours Lafayette", "avenue Jean Jaurès", "rue Garibaldi", "quai Claude Bernard", "rue Paul Bert"];
        for (var id = 1; id <= Residents; id++)
        {
            var r = new Random(Mix(Seed, id));
            var g = given[r.Next(given.Length)];
            var f = family[r.Next(family.Length)];
            Bind(insertResident,
                id,
                Guid(r).ToString(),
                g,
                f,
                $"{Ascii(g)}.{Ascii(f)}{id}@example.org".ToLowerInvariant(),
                "336" + r.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture),
                $"{r.Next(1, 200)} {streets[r.Next(streets.Length)]}",
                "6900" + r.Next(1, 10).ToString(CultureInfo.InvariantCulture),
                "Lyon",
                "1" + r.NextInt64(1_000_000_000_000, 9_999_999_999_999).ToString(CultureInfo.InvariantCulture),
                "2" + r.NextInt64(1_000_000_000_000, 9_999_999_999_999).ToString(CultureInfo.InvariantCulture),
                "60" + r.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture),
                "FR76" + r.NextInt64(1_000_000_000_000_000, 9_999_999_999_999_999).ToString(CultureInfo.InvariantCulture) + "12345678",
                r.Next(3) == 0 ? "electric" : "gas",
                r.Next(25, 140),
                r.Next(1, 6),
                45.74 + (r.NextDouble() * 0.05),
                4.82 + (r.NextDouble() * 0.06),
                new DateOnly(1940 + r.Next(60), 1 + r.Next(12), 1 + r.Next(28)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        progress?.Report($"{Residents} residents");
        GenerateMetering(connection);
        progress?.Report("electricity, gas and water");
        GenerateMoney(connection);
        progress?.Report("bills and bank operations");
        GenerateMobility(connection);
        progress?.Report("calls, positions and trips");
        using (var meta = Prepare(connection, "INSERT INTO meta VALUES ($k, $v)"))
        {
            Bind(meta, "signature", Signature());
        }

        transaction.Commit();
    }

    private void GenerateMetering(SqliteConnection connection)
    {
        using var curve = Prepare(connection, "INSERT INTO load_curve_day VALUES ($r,$d,$w)");
        using var gas = Prepare(connection, "INSERT INTO gas_day VALUES ($r,$d,$l,$wh,$i)");
        using var water = Prepare(connection, "INSERT INTO water_day VALUES ($r,$d,$l)");
        using var residents = connection.CreateCommand();
        residents.CommandText = "SELECT id, heating, surface, occupants FROM resident ORDER BY id";
        var people = new List<(long Id, string Heating, long Surface, long Occupants)>();
        using (var reader = residents.ExecuteReader())
        {
            while (reader.Read())
            {
                people.Add((reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3)));
            }
        }

        // One weather for the whole territory: Lyon's seasonal mean (about 4 °C in January, 22 °C in July) plus spells
        // of a few days (an AR(1) deviation), and a heat wave most summers.
        var weather = new Random(Mix(Seed, "weather"));
        var temperature = new Dictionary<DateOnly, double>();
        var deviation = 0.0;
        for (var day = Start; day < End; day = day.AddDays(1))
        {
            deviation = (0.8 * deviation) + (weather.NextDouble() - 0.5) * 4.2;
            var heatWave = day.Month is 7 or 8 && day.Day is >= 10 and <= 18 && day.Year % 3 != 1 ? 6.0 : 0;
            temperature[day] = 12.9 - (9.2 * Math.Cos(2 * Math.PI * (day.DayOfYear - 20) / 365.25)) + deviation + heatWave;
        }

        var watts = new byte[48 * 2];
        foreach (var (id, heating, surface, occupants) in people)
        {
            var r = new Random(Mix(Seed, id, 7));
            long gasIndex = r.Next(1_000, 20_000) * 1000L;
            var electricHeating = heating == "electric";
            var electricWaterHeater = electricHeating || r.Next(2) == 0;
            var airConditioning = r.Next(5) == 0;
            var garden = surface > 90 && r.Next(2) == 0;
            var rhythm = 0.85 + (r.NextDouble() * 0.3);
            for (var day = Start; day < End; day = day.AddDays(1))
            {
                var t = temperature[day];
                var heatingNeed = Math.Max(0, 16.5 - t);
                var coolingNeed = Math.Max(0, t - 25);
                var weekend = day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
                var away = Away(id, day);
                var holiday = PublicHoliday(day) || weekend;

                // A Linky or Gazpar reading a meter did not send: a few days a year, sometimes two in a row.
                var electricityMissing = Mix(Seed, id, day.DayNumber, "elec") % 97 == 0 || Mix(Seed, id, day.DayNumber - 1, "elec") % 331 == 0;
                var gasMissing = Mix(Seed, id, day.DayNumber, "gas") % 113 == 0;
                for (var slot = 0; slot < 48; slot++)
                {
                    var hour = (slot + 0.5) / 2.0;
                    double load;
                    if (away)
                    {
                        // Fridge, freezer, standby; the water heater kept off, heating on frost protection.
                        load = 70 + (15 * Math.Sin(slot)) + (electricHeating ? surface * 1.3 * heatingNeed * 0.35 : 0) + (r.NextDouble() * 20);
                    }
                    else
                    {
                        var wake = holiday ? 9.5 : 7.0;
                        var home = holiday ? 0.9 : (hour is > 8.5 and < 17.5 ? 0.35 : 1.0);
                        load = 60 + (occupants * 25)
                            + (rhythm * 600 * Math.Exp(-Math.Pow(hour - wake, 2) / 1.2))
                            + (rhythm * (holiday ? 700 : 250) * Math.Exp(-Math.Pow(hour - 12.5, 2) / 1.0))
                            + (rhythm * (1100 + (occupants * 150)) * Math.Exp(-Math.Pow(hour - 19.8, 2) / 2.2))
                            // About 1.3 W per m² and degree below 16.5 °C, lowered at night and when nobody is home.
                            + (electricHeating ? surface * 1.3 * heatingNeed * (hour is > 6 and < 23 ? 0.75 + (home * 0.4) : 0.8) : 0)
                            + (airConditioning && coolingNeed > 0 && hour is > 12 and < 22 ? 450 * coolingNeed : 0)
                            + (r.NextDouble() * 160 * home);
                        // The water heater starts at 22:30 (off-peak hours) and runs at 2.2 kW until the day's hot water is
                        // heated: about 1.15 kWh per person, more in winter when the mains water is colder.
                        var heaterHours = occupants * 1.15 * (1 + (0.015 * heatingNeed)) / 2.2;
                        var sinceStart = hour >= 22.5 ? hour - 22.5 : hour + 1.5;
                        if (electricWaterHeater && sinceStart < heaterHours)
                        {
                            load += 2200 * Math.Min(1, (heaterHours - sinceStart) * 2);
                        }
                    }

                    BitConverter.TryWriteBytes(watts.AsSpan(slot * 2), (ushort)Math.Clamp(load, 0, ushort.MaxValue));
                }

                var date = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                if (!electricityMissing)
                {
                    Bind(curve, id, date, watts);
                }

                var gasWh = away
                    ? (long)(electricHeating ? 0 : surface * 31 * heatingNeed * 0.3)
                    : electricHeating
                        ? (long)(1800 + (weekend ? 900 : 0) + (r.NextDouble() * 700))
                        : (long)((surface * 31 * heatingNeed) + (electricWaterHeater ? 1200 : 1200 + (occupants * 1500)) + (weekend ? 700 : 0) + (r.NextDouble() * 900));
                var litres = (long)(gasWh / 11.2);
                gasIndex += litres;
                if (!gasMissing)
                {
                    Bind(gas, id, date, litres, gasWh, gasIndex / 1000);
                }

                var litresOfWater = away
                    ? 4 + r.Next(6)
                    : (occupants * (weekend ? 128 : 104)) + (r.NextDouble() * 45 * occupants) + (garden && day.Month is >= 5 and <= 9 && t > 20 ? 180 + r.Next(250) : 0);
                Bind(water, id, date, (long)litresOfWater);
            }
        }
    }

    /// <summary>Whether a resident is away: two or three summer weeks, most a week at Christmas, and a long weekend in spring.</summary>
    private bool Away(long id, DateOnly day)
    {
        var summerStart = new DateOnly(day.Year, 7, 10).AddDays(Mix(Seed, id, day.Year, "summer") % 35);
        var summerLength = 14 + (Mix(Seed, id, day.Year, "length") % 8);
        if (day >= summerStart && day < summerStart.AddDays(summerLength))
        {
            return true;
        }

        if (Mix(Seed, id, day.Year, "christmas") % 3 != 0 && day >= new DateOnly(day.Year, 12, 24) && day <= new DateOnly(day.Year, 12, 30))
        {
            return true;
        }

        var spring = new DateOnly(day.Year, 4, 8).AddDays(Mix(Seed, id, day.Year, "spring") % 30);
        return day >= spring && day < spring.AddDays(3);
    }

    /// <summary>French public holidays with a fixed date (Easter's are left out).</summary>
    private static bool PublicHoliday(DateOnly day) => (day.Month, day.Day) is (1, 1) or (5, 1) or (5, 8) or (7, 14) or (8, 15) or (11, 1) or (11, 11) or (12, 25);

    private void GenerateMoney(SqliteConnection connection)
    {
        using var bill = Prepare(connection, "INSERT INTO bill(resident, holder, date, cents, reference, type) VALUES ($r,$h,$d,$c,$ref,$t) RETURNING id");
        using var operation = Prepare(connection, "INSERT INTO bank_operation(resident, date, realisation, cents, label, type, bill) VALUES ($r,$d,$rd,$c,$l,$t,$b)");
        var monthly = new Dictionary<(long, string), decimal>();
        using (var curve = connection.CreateCommand())
        {
            curve.CommandText = "SELECT resident, substr(day, 1, 7), watts FROM load_curve_day";
            using var reader = curve.ExecuteReader();
            while (reader.Read())
            {
                var blob = (byte[])reader.GetValue(2);
                long wh = 0;
                for (var i = 0; i < 48; i++)
                {
                    wh += BitConverter.ToUInt16(blob, i * 2) / 2;
                }

                var key = (reader.GetInt64(0), reader.GetString(1));
                monthly[key] = monthly.GetValueOrDefault(key) + (wh / 1000m);
            }
        }

        foreach (var ((resident, month), kwh) in monthly.OrderBy(m => m.Key))
        {
            var r = new Random(Mix(Seed, resident, month));
            var first = DateOnly.ParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture).AddMonths(1);
            (string Holder, decimal Euros, string Label, string Type)[] bills =
            [
                ("edf", decimal.Round((kwh * 0.2516m) + 12.44m, 2), "PRLV SEPA EDF CLIENTS PARTICULIERS", "energy"),
                ("eau-du-grand-lyon", decimal.Round(18m + (r.Next(0, 900) / 100m), 2), "PRLV SEPA SOC EAU GD LYON", "water"),
                ("orange", 29.99m + (r.Next(0, 3) * 5), "PRLV SEPA ORANGE SA", "phone"),
                ("maif", 38.70m, "PRLV SEPA MAIF", "insurance"),
            ];
            foreach (var (holder, euros, label, type) in bills)
            {
                var issued = first.AddDays(r.Next(2, 6));
                Bind(bill, resident, holder, issued.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), (long)(euros * 100), $"{holder.ToUpperInvariant()[..3]}-{month}-{resident:00000}", type);
                var billId = (long)bill.ExecuteScalar()!;
                var debit = issued.AddDays(r.Next(8, 15));
                Bind(operation, resident, debit.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), debit.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), -(long)(euros * 100), label, "direct debit", billId);
            }

            var payday = first.AddDays(-4);
            Bind(operation, resident, payday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), payday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), 180_000 + (r.Next(0, 150) * 100), "VIR SEPA SALAIRE", "transfer", DBNull.Value);
            for (var i = 0; i < 6; i++)
            {
                var day = first.AddMonths(-1).AddDays(r.Next(0, 27));
                Bind(operation, resident, day.AddDays(2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), -r.Next(500, 9_000), "CB CARREFOUR LYON", "credit card", DBNull.Value);
            }
        }
    }

    private void GenerateMobility(SqliteConnection connection)
    {
        using var communication = Prepare(connection, "INSERT INTO communication(resident, at, partner, type, length, lat, lon) VALUES ($r,$a,$p,$t,$l,$la,$lo)");
        using var position = Prepare(connection, "INSERT INTO position VALUES ($r,$a,$la,$lo,$ra)");
        using var trip = Prepare(connection, "INSERT INTO trip(resident, start, end, mode, metres, from_lat, from_lon, to_lat, to_lon) VALUES ($r,$s,$e,$m,$d,$fla,$flo,$tla,$tlo)");
        using var residents = connection.CreateCommand();
        residents.CommandText = "SELECT id, lat, lon FROM resident ORDER BY id";
        var homes = new List<(long Id, double Lat, double Lon)>();
        using (var reader = residents.ExecuteReader())
        {
            while (reader.Read())
            {
                homes.Add((reader.GetInt64(0), reader.GetDouble(1), reader.GetDouble(2)));
            }
        }

        string[] types = ["appel sortant", "appel entrant", "SMS sortant", "SMS entrant"];
        string[] modes = ["BIKE", "WALKING", "CAR", "BUS", "SUBWAY"];
        foreach (var (id, lat, lon) in homes)
        {
            var r = new Random(Mix(Seed, id, 11));
            for (var day = Start; day < End; day = day.AddDays(1))
            {
                var noon = Local(day.ToDateTime(new TimeOnly(12, r.Next(0, 60))));
                Bind(position, id, Iso(noon), lat + (r.NextDouble() * 0.02) - 0.01, lon + (r.NextDouble() * 0.02) - 0.01, r.Next(20, 500));
                if (r.Next(3) == 0)
                {
                    var type = types[r.Next(types.Length)];
                    var at = noon.AddMinutes(r.Next(-600, 480));
                    Bind(communication, id, Iso(at), "336" + r.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture), type, type.StartsWith("SMS", StringComparison.Ordinal) ? 1 : r.Next(5, 1800), lat + (r.NextDouble() * 0.03) - 0.015, lon + (r.NextDouble() * 0.03) - 0.015);
                }

                if (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && r.Next(4) == 0)
                {
                    var start = Local(day.ToDateTime(new TimeOnly(8, r.Next(0, 50))));
                    var mode = modes[r.Next(modes.Length)];
                    var metres = r.Next(800, 9_000);
                    var minutes = mode switch { "WALKING" => metres / 80, "BIKE" => metres / 250, _ => (metres / 400) + 5 };
                    Bind(trip, id, Iso(start), Iso(start.AddMinutes(minutes)), mode, metres, lat, lon, lat + (metres / 111_000.0), lon + (metres / 160_000.0));
                }
            }
        }
    }

    /// <summary>A deterministic seed from integers (unlike <see cref="HashCode"/>, which differs per process).</summary>
    internal static int Mix(params object[] parts)
    {
        var h = 0x9E3779B97F4A7C15UL;
        foreach (var part in parts)
        {
            var value = part switch
            {
                int i => (ulong)i,
                long l => (ulong)l,
                string s => s.Aggregate(1469598103934665603UL, (acc, c) => (acc ^ c) * 1099511628211UL),
                _ => throw new ArgumentException("Only integers and strings are mixed.", nameof(parts)),
            };
            h ^= value + 0x9E3779B97F4A7C15UL + (h << 6) + (h >> 2);
            h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9UL;
            h = (h ^ (h >> 27)) * 0x94D049BB133111EBUL;
            h ^= h >> 31;
        }

        return (int)(h & 0x7FFFFFFF);
    }

    /// <summary>A local Lyon wall-clock time with its offset that day.</summary>
    internal static DateTimeOffset Local(DateTime local) => new(local, Paris.GetUtcOffset(local));

    /// <summary>The same instant with Lyon's offset at that instant.</summary>
    internal static DateTimeOffset InParis(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Paris);

    internal static string Iso(DateTimeOffset value) => SelfData.Core.Rfc3339.Format(value);

    private static string Ascii(string text) =>
        new(text.Normalize(System.Text.NormalizationForm.FormD).Where(c => c < 128 && char.IsLetter(c)).ToArray());

    private static Guid Guid(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static SqliteCommand Prepare(SqliteConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in System.Text.RegularExpressions.Regex.Matches(sql, "\\$[a-z]+").Select(m => m.Value).Distinct())
        {
            command.Parameters.Add(new SqliteParameter(name, null));
        }

        command.Prepare();
        return command;
    }

    private static void Bind(SqliteCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }

        if (!command.CommandText.Contains("RETURNING", StringComparison.Ordinal))
        {
            command.ExecuteNonQuery();
        }
    }
}
