namespace SelfData.Conformance;

/// <summary>Specifies how strictly documents are checked: each level is a set of published schemas.</summary>
public enum ConformanceLevel
{
    /// <summary>
    /// What SelfData.Sdk emits and what new holders should produce: instants RFC 3339 with offset, calendar dates
    /// <c>YYYY-MM-DD</c>, ISO 4217 currencies, numbers as numbers, every field the SDK always writes.
    /// </summary>
    Strict,

    /// <summary>
    /// What platforms receive today from Cozy and the MesInfos pilot: date-times without offset or with a space
    /// separator, the pilot's numbers written as strings, legacy link strings, missing optional fields. Impossible
    /// dates, values of the wrong kind and missing identity fields are still refused.
    /// </summary>
    Compatible,
}
