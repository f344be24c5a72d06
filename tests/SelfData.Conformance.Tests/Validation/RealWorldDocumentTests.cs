using SelfData.Portability;
using SelfData.Core;

namespace SelfData.Conformance.Tests;

/// <summary>
/// Documents shaped like those Cozy and the MesInfos pilot really hold (see the doctype reference notes): date-times
/// without offset or with a space separator, numbers as strings, legacy link strings, currency symbols, missing
/// optional fields. They pass the compatible level and fail the strict one, where they deviate.
/// </summary>
public class RealWorldDocumentTests
{
    public static TheoryData<string, ExportProfile, string, string[]> Documents => new()
    {
        {
            // Cozy's own io.cozy.bank.operations example: a space separator, a currency symbol, no cozyMetadata.
            "io.cozy.bank.operations", ExportProfile.Cozy,
            """{"_id":"comptecla1-op1","label":"M  PIERRE RICHARD","amount":-45.9,"currency":"€","date":"2017-09-22 00:00:00+01:00","dateOperation":"2017-09-22 00:00:00+01:00","type":"direct debit","account":"comptecla1","vendorId":"12345","metadata":{"version":1}}""",
            ["/date", "/currency", ""]
        },
        {
            // A Linky half-hour of the pilot: local time without offset, no unit, no id.
            "org.fing.mesinfos.consumptionstatement", ExportProfile.MesInfos,
            """{"docType":"org.fing.mesinfos.consumptionstatement","contractNumber":"01324654321236","statementType":"mesure","statementCategory":"linky","statementReason":"LinkyHalfHourElecConsumption","start":"2017-03-01T00:00:00","end":"2017-03-01T00:30:00","value":0.31,"docTypeVersion":"konnectors_edf-0.7.9"}""",
            ["/start", "/end", ""]
        },
        {
            // An EDF meter reading of the pilot: the value as a string.
            "org.fing.mesinfos.consumptionstatement", ExportProfile.MesInfos,
            """{"contractNumber":"1234654321","statementType":"REEL","statementCategory":"RELEVE_REEL_PAR_ERD_GRD","statementReason":"RELEVE_PERIODIQUE","start":"2016-03-01T00:00:00","end":"2016-09-01T00:00:00","value":"648.0","billNumber":"12346897654","docTypeVersion":"konnectors_edf-0.7.9"}""",
            ["/start", "/end", "/value", ""]
        },
        {
            // A Gazpar day of the pilot: strings for value, volume and index.
            "org.fing.mesinfos.consumptionstatement", ExportProfile.MesInfos,
            """{"contractNumber":"21234567890123","statementType":"mesure","statementCategory":"gazpar","statementReason":"GazparDailyGazConsumption","start":"2017-03-01T06:00:00","end":"2017-03-02T06:00:00","value":"22.4","volume":"2","index":"1234","volumeToEnergyCoefficient":11.2,"period":"2017-03-01","docTypeVersion":"konnectors_grdf-3.0.0-dev"}""",
            ["/start", "/end", "/value", "/volume", "/index", ""]
        },
        {
            // An EDF contract of the pilot: "6 kVA", string counters, an open end, the older shape of services.
            "org.fing.mesinfos.contract", ExportProfile.MesInfos,
            """{"vendor":"EDF","clientId":"6012345678","number":"1234654321","name":"Tarif Bleu","start":"2013-03-01","end":null,"status":"CONTRAT_ACTIF","terminationGrounds":null,"pdl":"01324654321236","energie":"Électricité","power":"6 kVA","contractSubcategory1":"OPTION_BASE","counter":{"type":"CBE","comptage":"BASE","nombreRoues":"5","dernierIndex":"69988.0","annualConsumption":"6006"},"services":[{"nom":"FACTURE_ELECTRONIQUE","activ":"true","start":"2014-01-01"}],"docTypeVersion":"konnectors_edf-0.7.9"}""",
            ["/end", "/terminationGrounds", "/power", "/counter/dernierIndex", "/counter/annualConsumption", "/services/0", ""]
        },
        {
            // An EDF payment terms document: boolean strings, amount string.
            "org.fing.mesinfos.paymentterms", ExportProfile.MesInfos,
            """{"vendor":"EDF","clientId":"6012345678","balance":"0.00","billFrequency":"ANNU","nextBillDate":"2017-10-15","payerDivergent":false,"modifBankDetailsAllowed":"true","paymentMeans":"PRELEVEMENT","dernierReglement":{"amount":"69.00","date":"2016-10-10T00:00:00+02:00","type":"ENCAISSEMENT_PRELEVEMENT"},"docTypeVersion":"konnectors_edf-0.7.9"}""",
            ["/balance", "/modifBankDetailsAllowed", "/dernierReglement/amount", ""]
        },
        {
            // The EDF bill of the pilot, in io.cozy.bills: the amount due as a string, a currency symbol, a local date.
            "io.cozy.bills", ExportProfile.MesInfos,
            """{"vendor":"EDF","date":"2017-05-12T00:00:00","amount":720.21,"currency":"€","clientId":"6012345678","number":"12346897654","title":"FACTURE_REGUL_ECHEANCIER","value":"720.21","totalPaymentDue":"720.21","pdfurl":"https://particulier.edf.fr/facture/12346897654.pdf","invoice":"io.cozy.files:62e5d80d6e11d19992b7efce794263f0","docTypeVersion":"konnectors_edf-0.7.9"}""",
            ["/date", "/currency", "/value", ""]
        },
        {
            // Enedis Data Connect mirrored by the pilot: string values and reading numbers.
            "fr.enedis.api.meteringdata.energy", ExportProfile.MesInfos,
            """{"contract_power":"6","fee_schedule":"Base","usage_point":[{"usage_point_id":"01324654321236","meter_reading":{"reading_type":{"measurement_kind":"ENERGIEGLO","start_measurement_period":"2017-08-17","end_measurement_period":"2017-08-19","interval_length":"P1D","time_attribute":"day","unit":"Wh","flow_direction":"forward"},"interval_block":[{"value":"17051","reading_number":"1"},{"value":"16880","reading_number":"2"}]}}],"docTypeVersion":"enedis-0.1.0"}""",
            ["/contract_power", "/usage_point/0/meter_reading/interval_block/0/value", "/usage_point/0/meter_reading/interval_block/0/reading_number", "/usage_point/0/meter_reading/interval_block/1/value", "/usage_point/0/meter_reading/interval_block/1/reading_number", ""]
        },
        {
            // A MAIF claim of the pilot: a time without seconds or offset.
            "fr.maif.maifuser.sinistre", ExportProfile.MesInfos,
            """{"sinistre":[{"type":"Habitation","societaire":"1234567","timestamp":"2015-07-20T19:00","lieuSurvenance":"LYON 06","ref":"F150181177B","typeLieuSurvenance":"Agglomération"}],"docTypeVersion":"MaifKonnector-0.0.0-draft"}""",
            ["/sinistre/0/timestamp", ""]
        },
        {
            // A Coach CO2 trip as Cozy stores it: local times without offset.
            "io.cozy.timeseries.geojson", ExportProfile.Cozy,
            """{"startDate":"2022-04-02T16:00:13","endDate":"2022-04-02T16:13:09","source":"openpath.cozycloud.cc","theme":"timeline","series":[{"type":"FeatureCollection","properties":{"start_fmt_time":"2022-04-02T16:00:13","end_fmt_time":"2022-04-02T16:13:09","duration":776,"distance":3245,"start_loc":{"type":"Point","coordinates":[-1.1517,46.1591]},"end_loc":{"type":"Point","coordinates":[-1.1689,46.1478]}},"features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[-1.1517,46.1591]},"properties":{"feature_type":"start_place","enter_fmt_time":"2022-04-02T14:56:05"}}]}],"cozyMetadata":{"doctypeVersion":1,"metadataVersion":1,"createdAt":"2022-04-02T16:20:00.000Z","updatedAt":"2022-04-02T16:20:00.000Z","createdByApp":"coachco2"}}""",
            ["/startDate", "/endDate", "/series/0/properties/start_fmt_time", "/series/0/properties/end_fmt_time", "/series/0/features/0/properties/enter_fmt_time", "/cozyMetadata", ""]
        },
        {
            // A file document as cozy-stack stores it: the size as a string, and a qualification label the SDK does not emit.
            "io.cozy.files", ExportProfile.Cozy,
            """{"_id":"62e5d80d6e11d19992b7efce794263f0","type":"file","name":"facture.pdf","dir_id":"io.cozy.files.root-dir","mime":"application/pdf","class":"pdf","size":"123456","created_at":"2017-05-12T10:00:00.000Z","path":"/Administratif/EDF/facture.pdf","metadata":{"qualification":{"label":"energy_invoice","sourceCategory":"energy"},"datetime":"2017-05-12T00:00:00.000Z"},"cozyMetadata":{"doctypeVersion":1,"metadataVersion":1,"createdAt":"2017-05-12T10:00:00.000Z","updatedAt":"2017-05-12T10:00:00.000Z","createdByApp":"edfclientside","createdByAppVersion":"1.2.0","uploadedAt":"2017-05-12T10:00:00.000Z","uploadedOn":"https://alice.mycozy.cloud/"}}""",
            ["/size"]
        },
    };

    [Theory]
    [MemberData(nameof(Documents))]
    public void Real_documents_pass_compatible_and_fail_strict_where_they_deviate(string doctype, ExportProfile profile, string json, string[] deviations)
    {
        var compatible = Validators.Of(ConformanceLevel.Compatible, profile).Validate(json, doctype);
        Assert.True(compatible.IsValid, string.Join("\n", compatible.Errors.Select(e => $"{e.Code} {e.InstanceLocation} {e.Property} {e.Message}")));
        var strict = Validators.Of(ConformanceLevel.Strict, profile).Validate(json, doctype);
        Assert.False(strict.IsValid);
        Assert.Equal(deviations.Order(StringComparer.Ordinal), strict.Errors.Select(e => e.InstanceLocation).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_deviations_get_their_codes_at_strict()
    {
        var (doctype, profile, json, _) = Row(1);
        var errors = Validators.Of(ConformanceLevel.Strict, profile).Validate(json, doctype).Errors;
        Assert.Contains(errors, e => e is { Code: ConformanceErrorCodes.InvalidFormat, InstanceLocation: "/start" });
        Assert.Contains(errors, e => e is { Code: ConformanceErrorCodes.PatternMismatch, InstanceLocation: "/start" });
        Assert.Contains(errors, e => e is { Code: ConformanceErrorCodes.RequiredPropertyMissing, InstanceLocation: "", Property: "_id" });
        Assert.Contains(errors, e => e is { Code: ConformanceErrorCodes.RequiredPropertyMissing, InstanceLocation: "", Property: "unit" });

        (doctype, profile, json, _) = Row(0);
        errors = Validators.Of(ConformanceLevel.Strict, profile).Validate(json, doctype).Errors;
        Assert.Contains(errors, e => e is { Code: ConformanceErrorCodes.PatternMismatch, InstanceLocation: "/date" });
        Assert.Contains(errors, e => e is { Code: ConformanceErrorCodes.ValueNotAllowed, InstanceLocation: "/currency" });
        Assert.Contains(errors, e => e is { Code: ConformanceErrorCodes.RequiredPropertyMissing, InstanceLocation: "", Property: "cozyMetadata" });

        (doctype, profile, json, _) = Row(2);
        errors = Validators.Of(ConformanceLevel.Strict, profile).Validate(json, doctype).Errors;
        Assert.Contains(errors, e => e is { Code: ConformanceErrorCodes.WrongType, InstanceLocation: "/value", KeywordLocation: "/properties/value/type" });
    }

    [Theory]
    [InlineData("2016-03-033T00:00:00.000Z")]
    [InlineData("2016-07-012016-07-01")]
    [InlineData("2016-13-01T00:00:00")]
    [InlineData("2016-02-30T00:00:00")]
    public void The_pilots_malformed_dates_fail_compatible(string date)
    {
        var (doctype, profile, json, _) = Row(1);
        var result = Validators.Of(ConformanceLevel.Compatible, profile).Validate(json.Replace("2017-03-01T00:00:00\"", date + "\"", StringComparison.Ordinal), doctype);
        var error = Assert.Single(result.Errors);
        Assert.Equal((ConformanceErrorCodes.PatternMismatch, "/start"), (error.Code, error.InstanceLocation));
    }

    [Fact]
    public void Compatible_still_refuses_wrong_kinds_and_missing_identity_fields()
    {
        var (doctype, profile, json, _) = Row(3);
        var validator = Validators.Of(ConformanceLevel.Compatible, profile);
        var result = validator.Validate(json.Replace("\"value\":\"22.4\"", "\"value\":\"22,4 kWh\"", StringComparison.Ordinal), doctype);
        Assert.Equal([(ConformanceErrorCodes.PatternMismatch, "/value")], result.Errors.Select(e => (e.Code, e.InstanceLocation)));
        result = validator.Validate(json.Replace("\"value\":\"22.4\"", "\"value\":true", StringComparison.Ordinal), doctype);
        Assert.Equal([(ConformanceErrorCodes.WrongType, "/value")], result.Errors.Select(e => (e.Code, e.InstanceLocation)));
        result = validator.Validate(json.Replace("\"contractNumber\":\"21234567890123\",", string.Empty, StringComparison.Ordinal), doctype);
        Assert.Equal([(ConformanceErrorCodes.RequiredPropertyMissing, "", "contractNumber")], result.Errors.Select(e => (e.Code, e.InstanceLocation, e.Property)));
        result = validator.Validate(json.Replace("\"start\":\"2017-03-01T06:00:00\",", "\"start\":20170301,", StringComparison.Ordinal), doctype);
        Assert.Equal([(ConformanceErrorCodes.WrongType, "/start")], result.Errors.Select(e => (e.Code, e.InstanceLocation)));
        result = validator.Validate(json[..^5], doctype);
        Assert.Equal(ConformanceErrorCodes.InvalidJson, Assert.Single(result.Errors).Code);

        // String numbers belong to the MesInfos shapes: the Cozy profile's compatible level still wants numbers.
        Assert.Contains(Validators.Of(ConformanceLevel.Compatible, ExportProfile.Cozy).Validate(json, doctype).Errors, e => e is { Code: ConformanceErrorCodes.WrongType, InstanceLocation: "/value" });
    }

    private static (string Doctype, ExportProfile Profile, string Json, string[] Deviations) Row(int index)
    {
        var row = Documents.ElementAt(index);
        return ((string)row[0], (ExportProfile)row[1], (string)row[2], (string[])row[3]);
    }
}
