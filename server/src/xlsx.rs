//! The results workbook written as a stream, so that the national export starts at once and
//! holds one row in memory: a ZIP written front to back (`zip`'s streaming writer, sizes in data
//! descriptors) with the worksheet's rows as inline strings and numbers. `rust_xlsxwriter` needs
//! a seekable file and the whole sheet before the first byte, hence this small writer. Office
//! Open XML, SpreadsheetML: content types, relationships, workbook, styles (bold header), and
//! one worksheet with a frozen header row and an autofilter.

use std::io::Write;
use zip::write::SimpleFileOptions;

const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const RELS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const DOC_RELS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#;

/// Writes the workbook: `columns` as a bold header row, then every row as it comes; a cell of
/// a `numeric` column that parses as a number is written as one, anything else as text, and an
/// empty cell not at all. Fixed columns (`wide`) get a wider column.
pub fn write<W: Write>(
    out: W,
    columns: &[String],
    numeric: &[bool],
    wide: usize,
    rows: impl Iterator<Item = Result<Vec<String>, String>>,
) -> Result<W, String> {
    let e = |e: zip::result::ZipError| e.to_string();
    let io = |e: std::io::Error| e.to_string();
    let mut zip = zip::ZipWriter::new_stream(out);
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated).large_file(true);

    zip.start_file("xl/worksheets/sheet1.xml", options).map_err(e)?;
    let last_column = column_name(columns.len().saturating_sub(1));
    let mut sheet = std::io::BufWriter::with_capacity(64 * 1024, &mut zip);
    write!(
        sheet,
        r#"{HEAD}<worksheet xmlns="{MAIN}"><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><cols><col min="1" max="{wide}" width="24" customWidth="1"/><col min="{}" max="{}" width="12" customWidth="1"/></cols><sheetData>"#,
        wide + 1,
        columns.len().max(wide + 1)
    )
    .map_err(io)?;
    write_row(&mut sheet, 1, columns.iter().map(|c| (c.as_str(), false)), true).map_err(io)?;
    let mut last_row = 1;
    for row in rows {
        let row = row?;
        last_row += 1;
        let cells = row.iter().enumerate().map(|(c, v)| (v.as_str(), numeric.get(c).copied().unwrap_or(false)));
        write_row(&mut sheet, last_row, cells, false).map_err(io)?;
    }
    write!(sheet, r#"</sheetData><autoFilter ref="A1:{last_column}{last_row}"/></worksheet>"#).map_err(io)?;
    sheet.flush().map_err(io)?;
    drop(sheet);

    let parts = [
        (
            "[Content_Types].xml",
            format!(
                r#"{HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>"#
            ),
        ),
        (
            "_rels/.rels",
            format!(
                r#"{HEAD}<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{DOC_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
            ),
        ),
        (
            "xl/workbook.xml",
            format!(
                r#"{HEAD}<workbook xmlns="{MAIN}" xmlns:r="{DOC_RELS}"><sheets><sheet name="results" sheetId="1" r:id="rId1"/></sheets><definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">results!$A$1:${last_column}${last_row}</definedName></definedNames></workbook>"#
            ),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            format!(
                r#"{HEAD}<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{DOC_RELS}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{DOC_RELS}/styles" Target="styles.xml"/></Relationships>"#
            ),
        ),
        (
            "xl/styles.xml",
            format!(
                r#"{HEAD}<styleSheet xmlns="{MAIN}"><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>"#
            ),
        ),
    ];
    for (name, text) in parts {
        zip.start_file(name, options).map_err(e)?;
        zip.write_all(text.as_bytes()).map_err(io)?;
    }
    zip.finish().map(|w| w.into_inner()).map_err(e)
}

fn write_row<'a>(
    out: &mut impl Write,
    row: usize,
    cells: impl Iterator<Item = (&'a str, bool)>,
    bold: bool,
) -> std::io::Result<()> {
    write!(out, r#"<row r="{row}">"#)?;
    let style = if bold { r#" s="1""# } else { "" };
    for (c, (value, numeric)) in cells.enumerate() {
        if value.is_empty() {
            continue;
        }
        let at = column_name(c);
        match value.parse::<f64>() {
            Ok(n) if numeric && n.is_finite() => write!(out, r#"<c r="{at}{row}"{style}><v>{value}</v></c>"#)?,
            _ => write!(
                out,
                r#"<c r="{at}{row}" t="inlineStr"{style}><is><t xml:space="preserve">{}</t></is></c>"#,
                // Text people typed opens as text, like in the CSV (inline strings never run, but a
                // copied cell would).
                escape(&domain::import::defuse(value))
            )?,
        }
    }
    write!(out, "</row>")
}

/// `A`, `B`, … `Z`, `AA`, … for a 0-based column index.
fn column_name(mut index: usize) -> String {
    let mut name = Vec::new();
    loop {
        name.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

/// Text as XML character data: markup escaped, characters XML 1.0 cannot hold dropped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(ch),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_names_run_past_z() {
        assert_eq!(
            [0, 25, 26, 51, 52, 450, 701, 702].map(column_name),
            ["A", "Z", "AA", "AZ", "BA", "QI", "ZZ", "AAA"]
        );
    }

    #[test]
    fn text_is_escaped_and_unholdable_characters_dropped() {
        assert_eq!(escape("<b>\"A&B\"</b>\u{1}\tok"), "&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt;\tok");
    }

    #[test]
    fn a_workbook_is_a_zip_of_the_expected_parts_with_typed_cells() {
        let columns = vec!["name".to_string(), "total".to_string()];
        let rows = vec![
            Ok(vec!["=HYPERLINK(\"x\") & <y>".to_string(), "78.25".to_string()]),
            Ok(vec!["2026.1".to_string(), String::new()]),
        ];
        let bytes = write(Vec::new(), &columns, &[false, true], 1, rows.into_iter()).unwrap();
        // `XLSX_SAMPLE=/path.xlsx` keeps the workbook, to open it in a spreadsheet program.
        if let Ok(path) = std::env::var("XLSX_SAMPLE") {
            std::fs::write(path, &bytes).unwrap();
        }
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut names: Vec<String> = archive.file_names().map(|n| n.unwrap().into_owned()).collect();
        names.sort();
        assert_eq!(
            names,
            [
                "[Content_Types].xml",
                "_rels/.rels",
                "xl/_rels/workbook.xml.rels",
                "xl/styles.xml",
                "xl/workbook.xml",
                "xl/worksheets/sheet1.xml"
            ]
        );
        let mut sheet = String::new();
        std::io::Read::read_to_string(&mut archive.by_name("xl/worksheets/sheet1.xml").unwrap(), &mut sheet).unwrap();
        assert!(
            sheet.contains(r#"<c r="A1" t="inlineStr" s="1"><is><t xml:space="preserve">name</t></is></c>"#),
            "{sheet}"
        );
        assert!(sheet.contains(r#"<c r="B2"><v>78.25</v></c>"#), "a number: {sheet}");
        assert!(sheet.contains("=HYPERLINK(&quot;x&quot;) &amp; &lt;y&gt;"), "text, escaped: {sheet}");
        assert!(
            sheet.contains(r#"<c r="A3" t="inlineStr"><is><t xml:space="preserve">2026.1</t></is></c></row>"#),
            "{sheet}"
        );
        assert!(sheet.ends_with(r#"<autoFilter ref="A1:B3"/></worksheet>"#), "{sheet}");
    }
}
