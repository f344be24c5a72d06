namespace SelfData.Conformance;

/// <summary>Specifies one of the published schemas that are not doctypes: the archive manifest, the consent receipt and the MyData records.</summary>
public enum SelfDataSchema
{
    /// <summary>An export archive's <c>manifest.json</c> (<c>schemas/selfdata/manifest.schema.json</c>).</summary>
    Manifest,

    /// <summary>A Kantara Consent Receipt v1.1 (<c>schemas/selfdata/consent-receipt.schema.json</c>).</summary>
    ConsentReceipt,

    /// <summary>A MyData Service Link Record payload (<c>schemas/selfdata/mydata-service-link-record.schema.json</c>).</summary>
    ServiceLinkRecord,

    /// <summary>A MyData Consent Record payload (<c>schemas/selfdata/mydata-consent-record.schema.json</c>).</summary>
    ConsentRecord,

    /// <summary>A MyData Consent Status Record payload (<c>schemas/selfdata/mydata-consent-status-record.schema.json</c>).</summary>
    ConsentStatusRecord,
}
