// The README's code example is quoted from this file; CI builds and runs it.
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using SelfData.Core;
using SelfData.Extensions.DependencyInjection;

// #region quickstart
// Register the SDK once; feature packages add their own Add… calls to the builder.
var services = new ServiceCollection();
services.AddSelfData();
using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

// Values a holder maps from its own rows are checked as they are created.
var holder = new HolderId("enedis", "fr.enedis", "Enedis");
var doctype = new Doctype("fr.enedis.api.meteringdata.loadcurve");
var halfHour = IsoDuration.Parse("PT30M").GetValueOrThrow();
var reading = new Quantity(1_250m, Unit.WattHour);
var bill = new Money(42.10m, "EUR");

// Failures carry a stable code, never just a message.
var refused = CurrencyCode.Parse("€");
Console.WriteLine($"{holder.DisplayName} exports {doctype} every {halfHour}");
Console.WriteLine($"{reading} = {reading.ConvertTo(Unit.KilowattHour)}; bill {bill}");
Console.WriteLine($"'€' refused: {refused.Error}");
// #endregion

var now = provider.GetRequiredService<TimeProvider>().GetUtcNow();
Console.WriteLine("Exported at " + Rfc3339.Format(now) + " (" + now.Year.ToString(CultureInfo.InvariantCulture) + ")");
return refused.Success ? 1 : 0;
