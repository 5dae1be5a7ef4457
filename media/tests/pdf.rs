//! PDF evidence: stored without document metadata, refused when it cannot be read or cleaned.

use std::path::PathBuf;

use media::{Kind, Limits, MediaError, detect, process};
use sha2::{Digest, Sha256};

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fixtures/photos").join(name);
    std::fs::read(&path).unwrap_or_else(|err| panic!("fixture {}: {err}", path.display()))
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The SOP fixture with what office scanners and word processors write into a PDF: an Info
/// dictionary, XMP on the catalog and on the page, and a file identifier.
fn pdf_with_metadata() -> Vec<u8> {
    use lopdf::{Dictionary, Object, Stream};
    let mut doc = lopdf::Document::load_mem(&fixture("sop-document.pdf")).unwrap();
    let info = doc.add_object(Dictionary::from_iter([
        ("Author", Object::string_literal("Ibu Siti Rahmawati")),
        ("Creator", Object::string_literal("Microsoft Word for LKSA-PC-07")),
        ("Producer", Object::string_literal("Canon iR-ADV C3530 Scan")),
        ("CreationDate", Object::string_literal("D:20250314093000+08'00'")),
    ]));
    doc.trailer.set("Info", info);
    doc.trailer.set("ID", vec![Object::string_literal("fingerprint-0001"), Object::string_literal("fingerprint-0002")]);
    let xmp = |who: &str| {
        let packet =
            format!("<x:xmpmeta><dc:creator>{who}</dc:creator><xmp:CreatorTool>XMPTool</xmp:CreatorTool></x:xmpmeta>");
        let dict = Dictionary::from_iter([("Type", Object::Name(b"Metadata".to_vec())), ("Subtype", "XML".into())]);
        Stream::new(dict, packet.into_bytes())
    };
    let catalog_xmp = doc.add_object(xmp("Ibu Siti Rahmawati"));
    let page_xmp = doc.add_object(xmp("Pak Budi Santoso"));
    doc.catalog_mut().unwrap().set("Metadata", catalog_xmp);
    let page = *doc.get_pages().values().next().unwrap();
    doc.get_dictionary_mut(page).unwrap().set("Metadata", page_xmp);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    bytes
}

const PDF_LEAKS: [&[u8]; 8] = [
    b"Siti Rahmawati",
    b"Budi Santoso",
    b"LKSA-PC-07",
    b"Canon",
    b"D:2025",
    b"fingerprint-000",
    b"XMPTool",
    b"xmpmeta",
];

#[test]
fn pdf_is_stored_without_document_metadata_and_keeps_its_pages() {
    let input = pdf_with_metadata();
    // Guard the fixture: every leak is really there, so its absence below means something.
    for leak in PDF_LEAKS {
        assert!(contains(&input, leak), "input lacks {:?}", String::from_utf8_lossy(leak));
    }
    assert_eq!(detect(&input), Some(Kind::Pdf));
    let out = process(&input, &Limits::default()).unwrap();
    assert_eq!(out.kind, Kind::Pdf);
    assert_eq!(out.content_type, "application/pdf");
    assert!(out.thumbnail.is_none());
    assert_eq!((out.width, out.height), (0, 0));
    assert_eq!(out.sha256, hex::encode(Sha256::digest(&out.bytes)));
    for leak in PDF_LEAKS.into_iter().chain([&b"/Info"[..], b"/Metadata", b"/Author", b"/Producer", b"/ID"]) {
        assert!(!contains(&out.bytes, leak), "output still contains {:?}", String::from_utf8_lossy(leak));
    }

    let doc = lopdf::Document::load_mem(&out.bytes).expect("output parses");
    assert!(doc.trailer.get(b"Info").is_err() && doc.trailer.get(b"ID").is_err());
    assert!(doc.objects.values().all(|o| !o.as_dict().is_ok_and(|d| d.has_type(b"Metadata"))));
    let pages = doc.get_pages();
    assert_eq!(pages.len(), 1);
    let content = doc.get_page_content(*pages.values().next().unwrap());
    assert!(contains(&content, b"SOP Pengasuhan Anak - LKSA contoh"), "page text lost");
    // Stable output: the same upload is stored once.
    assert_eq!(process(&input, &Limits::default()).unwrap().bytes, out.bytes);
}

#[test]
fn pdf_without_metadata_still_parses_after_rewriting() {
    let input = fixture("sop-document.pdf");
    let out = process(&input, &Limits::default()).unwrap();
    let doc = lopdf::Document::load_mem(&out.bytes).expect("output parses");
    assert_eq!(doc.get_pages().len(), 1);
}

/// Encrypted documents cannot be cleaned (or read by assessors without the password); one that
/// opens without a password is refused too, since rewriting it would drop the owner's restrictions.
#[test]
fn encrypted_pdfs_are_invalid() {
    for name in ["encrypted-empty-user-password.pdf", "encrypted-with-password.pdf"] {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(name);
        let bytes = std::fs::read(path).unwrap();
        assert!(contains(&bytes, b"/Encrypt"), "{name} is encrypted");
        let err = process(&bytes, &Limits::default()).unwrap_err();
        assert_eq!(err, MediaError::InvalidPdf, "{name}");
        assert_eq!(err.message_key(), "media-invalid-pdf");
    }
}

#[test]
fn pdf_that_does_not_parse_is_invalid() {
    let mut bytes = b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\ntrailer << /Root 1 0 R >>\n".to_vec();
    bytes.extend_from_slice(b"startxref\n0\n%%EOF\n");
    assert_eq!(process(&bytes, &Limits::default()).unwrap_err(), MediaError::InvalidPdf);
}

/// Found by the `process` fuzz target (a timeout after 10 s): a stream whose `endstream` is glued to
/// the next token and no cross-reference table. lopdf's recovery scan must end quickly either way.
#[test]
fn broken_pdf_from_the_fuzzer_is_answered_quickly() {
    let bytes =
        std::fs::read(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/fuzz-timeout-broken-xref.pdf"))
            .unwrap();
    let started = std::time::Instant::now();
    let outcome = process(&bytes, &Limits::default());
    let took = started.elapsed();
    assert!(took < std::time::Duration::from_secs(2), "took {took:?}: {outcome:?}");
}
