using SelfData.Core;

namespace SelfData.Territory.Geography;

/// <summary>
/// A French commune's INSEE code (Code officiel géographique): two characters of department — <c>01</c>–<c>95</c>
/// but <c>20</c>, Corsica's <c>2A</c> and <c>2B</c> — and three of commune, or an overseas department <c>971</c>–<c>976</c>
/// and two of commune. The municipal arrondissements of Paris (<c>75101</c>–<c>75120</c>), Lyon (<c>69381</c>–<c>69389</c>)
/// and Marseille (<c>13201</c>–<c>13216</c>) are codes too, each with its <see cref="ParentCommune"/>.
/// </summary>
/// <remarks>A code that has the form is accepted: whether the commune exists in a given COG vintage is the caller's table's business.</remarks>
public readonly record struct CommuneCode
{
    private CommuneCode(string value) => Value = value;

    /// <summary>Gets the five-character code, such as <c>69123</c> or <c>2A004</c>.</summary>
    public string Value { get; }

    /// <summary>Gets the department: <c>69</c>, <c>2A</c>, or three characters overseas (<c>974</c>).</summary>
    public string Department => Value.StartsWith("97", StringComparison.Ordinal) ? Value[..3] : Value[..2];

    /// <summary>Gets a value indicating whether the code is a municipal arrondissement of Paris, Lyon or Marseille.</summary>
    public bool IsMunicipalArrondissement => ParentCommune is not null;

    /// <summary>Gets the commune an arrondissement belongs to (<c>75056</c> Paris, <c>69123</c> Lyon, <c>13055</c> Marseille), or <see langword="null"/>.</summary>
    public CommuneCode? ParentCommune
    {
        get
        {
            if (Value is null || !int.TryParse(Value, out var number))
            {
                return null;
            }

            return number switch
            {
                >= 75101 and <= 75120 => new CommuneCode("75056"),
                >= 69381 and <= 69389 => new CommuneCode("69123"),
                >= 13201 and <= 13216 => new CommuneCode("13055"),
                _ => null,
            };
        }
    }

    /// <summary>Parses a commune code.</summary>
    /// <param name="text">The code.</param>
    /// <returns>The code, or an <see cref="TerritoryErrorCodes.InvalidCommuneCode"/> error.</returns>
    public static ParseResult<CommuneCode> Parse(string? text) =>
        IsValid(text)
            ? ParseResult.ForValue(new CommuneCode(text!))
            : ParseResult.ForError<CommuneCode>(TerritoryErrorCodes.InvalidCommuneCode, $"'{UntrustedText.Escape(text ?? string.Empty, 40)}' is not a commune code: five characters, a department (01–95 but 20, 2A, 2B, or 971–976) then the commune's number.");

    /// <inheritdoc />
    public override string ToString() => Value ?? string.Empty;

    internal static bool IsValid(string? text)
    {
        if (text is not { Length: 5 })
        {
            return false;
        }

        if (text[0] == '2' && text[1] is 'A' or 'B')
        {
            return Digits(text, 2, 3) && text[2..] != "000";
        }

        if (!Digits(text, 0, 5))
        {
            return false;
        }

        var department = ((text[0] - '0') * 10) + (text[1] - '0');
        if (department == 97)
        {
            return text[2] is >= '1' and <= '6' && text[3..] != "00";
        }

        return department is >= 1 and <= 95 && department != 20 && text[2..] != "000";
    }

    private static bool Digits(string text, int start, int length)
    {
        for (var i = start; i < start + length; i++)
        {
            if (!char.IsAsciiDigit(text[i]))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>
/// An IRIS (Ilots Regroupés pour l'Information Statistique): the five-character commune code followed by four digits,
/// <c>691230101</c>. A commune not split into IRIS is one IRIS numbered <c>0000</c>.
/// </summary>
/// <remarks>IRIS change between vintages: a study records the vintage it used; a passage table is the caller's.</remarks>
public readonly record struct IrisCode
{
    private IrisCode(string value) => Value = value;

    /// <summary>Gets the nine-character code.</summary>
    public string Value { get; }

    /// <summary>Gets the commune (or municipal arrondissement) the IRIS lies in.</summary>
    public CommuneCode Commune => CommuneCode.Parse(Value[..5]).Value;

    /// <summary>Gets a value indicating whether the IRIS is a whole commune not split into IRIS (number <c>0000</c>).</summary>
    public bool IsWholeCommune => Value.EndsWith("0000", StringComparison.Ordinal);

    /// <summary>Parses an IRIS code.</summary>
    /// <param name="text">The code.</param>
    /// <returns>The code, or an <see cref="TerritoryErrorCodes.InvalidIrisCode"/> error.</returns>
    public static ParseResult<IrisCode> Parse(string? text)
    {
        if (text is { Length: 9 } && CommuneCode.IsValid(text[..5]) && text.AsSpan(5).IndexOfAnyExceptInRange('0', '9') < 0)
        {
            return ParseResult.ForValue(new IrisCode(text));
        }

        return ParseResult.ForError<IrisCode>(TerritoryErrorCodes.InvalidIrisCode, $"'{UntrustedText.Escape(text ?? string.Empty, 40)}' is not an IRIS code: a five-character commune code followed by four digits.");
    }

    /// <inheritdoc />
    public override string ToString() => Value ?? string.Empty;
}
