using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace SelfData.AspNetCore;

/// <summary>
/// The package's <see cref="ActivitySource"/> and <see cref="Meter"/>, both named <c>SelfData.AspNetCore</c>. Tags carry
/// outcomes, codes and doctypes — never a subject id, token or personal value.
/// </summary>
public static class PortabilityTelemetry
{
    /// <summary>The name of the activity source and of the meter.</summary>
    public const string Name = "SelfData.AspNetCore";

    internal static readonly ActivitySource Source = new(Name, typeof(PortabilityTelemetry).Assembly.GetName().Version?.ToString());

    private static readonly Meter Meter = new(Name, typeof(PortabilityTelemetry).Assembly.GetName().Version?.ToString());

    /// <summary><c>selfdata.export.jobs</c>: export jobs that reached a final state, tagged <c>outcome</c> (completed, failed, cancelled, expired).</summary>
    internal static readonly Counter<long> Jobs = Meter.CreateCounter<long>("selfdata.export.jobs", "{job}", "Export jobs that reached a final state.");

    /// <summary><c>selfdata.export.duration</c>: seconds from lease to completion of one attempt.</summary>
    internal static readonly Histogram<double> Duration = Meter.CreateHistogram<double>("selfdata.export.duration", "s", "Time to write one export.");

    /// <summary><c>selfdata.export.bytes</c>: bytes released by downloads, tagged <c>artifact</c> (archive, signature, ndjson).</summary>
    internal static readonly Counter<long> Bytes = Meter.CreateCounter<long>("selfdata.export.bytes", "By", "Bytes of export files released.");
}
