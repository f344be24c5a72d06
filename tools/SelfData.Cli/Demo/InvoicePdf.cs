using System.Globalization;
using System.Text;
using SelfData.Portability;
using SelfData.Portability.Bills;

namespace SelfData.Cli.Demo;

/// <summary>Renders a one-page PDF invoice for a bill: the content of the demo's <c>io.cozy.files</c> documents.</summary>
internal static class InvoicePdf
{
    public static byte[] Render(Bill bill)
    {
        string[] lines =
        [
            $"{bill.Vendor} - Facture {bill.VendorRef}",
            $"Date : {bill.Date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)}",
            $"Periode : {bill.PeriodStart:dd/MM/yyyy} - {bill.PeriodEnd:dd/MM/yyyy}",
            $"Montant : {bill.Amount.Amount.ToString("0.00", CultureInfo.InvariantCulture)} {bill.Amount.Currency}",
            $"Contrat : {bill.ContractId}",
        ];
        var text = new StringBuilder("BT /F1 14 Tf 60 780 Td 18 TL\n");
        foreach (var line in lines)
        {
            text.Append('(').Append(line.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("(", "\\(", StringComparison.Ordinal).Replace(")", "\\)", StringComparison.Ordinal)).Append(") Tj T*\n");
        }

        text.Append("ET");
        var content = text.ToString();
        string[] objects =
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
            $"<< /Length {Encoding.ASCII.GetByteCount(content)} >>\nstream\n{content}\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ];
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(Encoding.ASCII.GetByteCount(pdf.ToString()));
            pdf.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        var xref = Encoding.ASCII.GetByteCount(pdf.ToString());
        pdf.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            pdf.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        }

        pdf.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }
}
