using System.Collections.Frozen;

namespace SelfData.Core;

/// <summary>The ISO 4217 alphabetic currency codes with their minor units, and hints for common symbols.</summary>
internal static class Iso4217
{
    // ISO 4217 list one (current funds and currencies). The fund codes (BOV, CHE, CHW, CLF, COU, MXV, USN, UYI, UYW)
    // are included because they appear in financial records. Precious metals and testing codes (XAU, XTS, XXX…) are not.
    private const string Current =
        "AED2 AFN2 ALL2 AMD2 AOA2 ARS2 AUD2 AWG2 AZN2 BAM2 BBD2 BDT2 BGN2 BHD3 BIF0 BMD2 BND2 BOB2 BOV2 BRL2 BSD2 BTN2 BWP2 " +
        "BYN2 BZD2 CAD2 CDF2 CHE2 CHF2 CHW2 CLF4 CLP0 CNY2 COP2 COU2 CRC2 CUP2 CVE2 CZK2 DJF0 DKK2 DOP2 DZD2 EGP2 ERN2 ETB2 " +
        "EUR2 FJD2 FKP2 GBP2 GEL2 GHS2 GIP2 GMD2 GNF0 GTQ2 GYD2 HKD2 HNL2 HTG2 HUF2 IDR2 ILS2 INR2 IQD3 IRR2 ISK0 JMD2 JOD3 " +
        "JPY0 KES2 KGS2 KHR2 KMF0 KPW2 KRW0 KWD3 KYD2 KZT2 LAK2 LBP2 LKR2 LRD2 LSL2 LYD3 MAD2 MDL2 MGA2 MKD2 MMK2 MNT2 MOP2 " +
        "MRU2 MUR2 MVR2 MWK2 MXN2 MXV2 MYR2 MZN2 NAD2 NGN2 NIO2 NOK2 NPR2 NZD2 OMR3 PAB2 PEN2 PGK2 PHP2 PKR2 PLN2 PYG0 QAR2 " +
        "RON2 RSD2 RUB2 RWF0 SAR2 SBD2 SCR2 SDG2 SEK2 SGD2 SHP2 SLE2 SOS2 SRD2 SSP2 STN2 SVC2 SYP2 SZL2 THB2 TJS2 TMT2 TND3 " +
        "TOP2 TRY2 TTD2 TWD2 TZS2 UAH2 UGX0 USD2 USN2 UYI0 UYU2 UYW4 UZS2 VED2 VES2 VND0 VUV0 WST2 XAF0 XCD2 XCG2 XDR0 XOF0 " +
        "XPF0 YER2 ZAR2 ZMW2 ZWG2";

    // ISO 4217 list three (historic): withdrawn recently enough that records from the last two decades still carry them.
    private const string Historic =
        "ANG2 BYR0 CUC2 CYP2 EEK2 HRK2 LTL2 LVL2 MRO2 MTL2 SIT2 SKK2 SLL2 STD2 VEF2 ZMK2 ZWL2";

    private static readonly FrozenDictionary<string, (int MinorUnits, bool Historic)> Codes = Build();

    private static readonly FrozenDictionary<string, string> SymbolHints = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["€"] = "EUR",
        ["$"] = "USD",
        ["US$"] = "USD",
        ["£"] = "GBP",
        ["¥"] = "JPY (or CNY for the yuan)",
        ["₹"] = "INR",
        ["₩"] = "KRW",
        ["₽"] = "RUB",
        ["₺"] = "TRY",
        ["₴"] = "UAH",
        ["₪"] = "ILS",
        ["₫"] = "VND",
        ["₦"] = "NGN",
        ["฿"] = "THB",
        ["₱"] = "PHP",
        ["zł"] = "PLN",
        ["Kč"] = "CZK",
        ["Fr."] = "CHF",
        ["CHF."] = "CHF",
        ["R$"] = "BRL",
        ["C$"] = "CAD",
        ["A$"] = "AUD",
        ["kr"] = "SEK, NOK, DKK or ISK (the symbol is ambiguous)",
        ["EURO"] = "EUR",
        ["EUROS"] = "EUR",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    internal static bool TryGet(string code, out int minorUnits, out bool historic)
    {
        if (Codes.TryGetValue(code, out var entry))
        {
            minorUnits = entry.MinorUnits;
            historic = entry.Historic;
            return true;
        }

        minorUnits = 0;
        historic = false;
        return false;
    }

    internal static IEnumerable<string> AllCodes => Codes.Keys;

    internal static string? Hint(string value)
    {
        var trimmed = value.Trim();
        if (SymbolHints.TryGetValue(trimmed, out var hint) || SymbolHints.TryGetValue(trimmed.ToUpperInvariant(), out hint))
        {
            return hint;
        }

        var upper = trimmed.ToUpperInvariant();
        return upper != trimmed && Codes.ContainsKey(upper) ? upper : null;
    }

    private static FrozenDictionary<string, (int, bool)> Build()
    {
        var map = new Dictionary<string, (int, bool)>(StringComparer.Ordinal);
        foreach (var entry in Current.Split(' '))
        {
            map[entry[..3]] = (entry[3] - '0', false);
        }

        foreach (var entry in Historic.Split(' '))
        {
            map[entry[..3]] = (entry[3] - '0', true);
        }

        return map.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
