//! The accreditation certificate: an A4 PDF in Bahasa Indonesia with the institution, grade,
//! number, decision date, validity end and a verification URL, also as a QR code.

use crate::AppState;
use crate::respond::SignedIn;
use app::error::AppError;
use app::i18n::Lang;
use axum::extract::{Path, State};
use axum::response::Response;
use printpdf::path::PaintMode;
use printpdf::{BuiltinFont, Color, Mm, PdfDocument, Rect, Rgb};

pub struct CertificateData {
    pub number: String,
    pub institution: String,
    pub address: String,
    pub regency: String,
    pub province: String,
    pub grade: String,
    /// ISO dates.
    pub issued_on: String,
    pub valid_until: String,
    pub verify_url: String,
    /// The approving official, their position and the decree's number.
    pub signer_name: String,
    pub signer_position: String,
    pub decree_number: Option<String>,
}

fn grade_words(grade: &str) -> &'static str {
    match grade {
        "A" => "Unggul",
        "B" => "Baik",
        "C" => "Cukup",
        _ => "",
    }
}

/// Renders the certificate. Built-in PDF fonts keep it small and make the text extractable.
pub fn render(c: &CertificateData) -> Result<Vec<u8>, String> {
    let (doc, page, layer) = PdfDocument::new("Sertifikat Akreditasi LKSA", Mm(210.0), Mm(297.0), "sertifikat");
    let l = doc.get_page(page).get_layer(layer);
    let regular = doc.add_builtin_font(BuiltinFont::Helvetica).map_err(|e| e.to_string())?;
    let bold = doc.add_builtin_font(BuiltinFont::HelveticaBold).map_err(|e| e.to_string())?;
    let green = Color::Rgb(Rgb::new(0.06, 0.36, 0.31, None));
    let ink = Color::Rgb(Rgb::new(0.11, 0.16, 0.17, None));

    // Frame.
    l.set_outline_color(green.clone());
    l.set_outline_thickness(2.5);
    l.add_rect(Rect::new(Mm(12.0), Mm(12.0), Mm(198.0), Mm(285.0)).with_mode(PaintMode::Stroke));
    l.set_outline_thickness(0.8);
    l.add_rect(Rect::new(Mm(16.0), Mm(16.0), Mm(194.0), Mm(281.0)).with_mode(PaintMode::Stroke));

    let date = |iso: &str| Lang::Id.date(iso);
    l.set_fill_color(green.clone());
    l.use_text("SERTIFIKAT AKREDITASI", 26.0, Mm(28.0), Mm(255.0), &bold);
    l.use_text("Lembaga Kesejahteraan Sosial Anak (LKSA)", 14.0, Mm(28.0), Mm(245.0), &regular);
    l.set_fill_color(ink.clone());
    l.use_text(format!("Nomor: {}", c.number), 12.0, Mm(28.0), Mm(235.0), &regular);

    l.use_text("Diberikan kepada", 12.0, Mm(28.0), Mm(215.0), &regular);
    l.use_text(&c.institution, 20.0, Mm(28.0), Mm(204.0), &bold);
    l.use_text(&c.address, 11.0, Mm(28.0), Mm(196.0), &regular);
    l.use_text(format!("{}, {}", c.regency, c.province), 11.0, Mm(28.0), Mm(190.0), &regular);

    l.use_text("dengan peringkat akreditasi", 12.0, Mm(28.0), Mm(172.0), &regular);
    l.set_fill_color(green.clone());
    l.use_text(format!("Peringkat {}", c.grade), 40.0, Mm(28.0), Mm(155.0), &bold);
    l.use_text(grade_words(&c.grade), 16.0, Mm(28.0), Mm(145.0), &bold);
    l.set_fill_color(ink.clone());

    l.use_text(format!("Tanggal keputusan: {}", date(&c.issued_on)), 12.0, Mm(28.0), Mm(125.0), &regular);
    l.use_text(format!("Berlaku sampai dengan: {}", date(&c.valid_until)), 12.0, Mm(28.0), Mm(118.0), &bold);
    l.use_text(
        "Sesuai Standar Nasional Pengasuhan Anak untuk Lembaga Kesejahteraan Sosial Anak.",
        10.0,
        Mm(28.0),
        Mm(106.0),
        &regular,
    );
    if let Some(decree) = &c.decree_number {
        l.use_text(format!("Berdasarkan Keputusan Nomor {decree}"), 10.0, Mm(28.0), Mm(100.0), &regular);
    }

    // Signatory, right-hand column above the verification block.
    l.use_text(format!("{}, {}", c.regency, date(&c.issued_on)), 10.0, Mm(118.0), Mm(90.0), &regular);
    l.use_text("Pejabat yang menyetujui,", 10.0, Mm(118.0), Mm(84.0), &regular);
    l.use_text(&c.signer_name, 11.0, Mm(118.0), Mm(70.0), &bold);
    // A long position wraps onto a second line rather than running off the page.
    for (k, line) in wrap(&c.signer_position, 44).iter().take(2).enumerate() {
        l.use_text(line, 9.0, Mm(118.0), Mm(65.0 - 4.5 * k as f32), &regular);
    }

    // Verification: URL and QR code, below the signatory.
    let qr = qrcode::QrCode::new(c.verify_url.as_bytes()).map_err(|e| e.to_string())?;
    let n = qr.width();
    let size = 42.0_f32;
    let cell = size / n as f32;
    let (x0, y0) = (28.0_f32, 30.0_f32);
    l.set_fill_color(Color::Rgb(Rgb::new(0.0, 0.0, 0.0, None)));
    for y in 0..n {
        for x in 0..n {
            if qr[(x, y)] == qrcode::Color::Dark {
                let left = x0 + x as f32 * cell;
                let top = y0 + size - y as f32 * cell;
                l.add_rect(Rect::new(Mm(left), Mm(top - cell), Mm(left + cell), Mm(top)));
            }
        }
    }
    l.set_fill_color(ink);
    l.use_text("Periksa keaslian sertifikat ini:", 10.0, Mm(76.0), Mm(62.0), &regular);
    l.use_text(&c.verify_url, 9.0, Mm(76.0), Mm(56.0), &regular);
    l.use_text("Pindai kode QR atau buka alamat di atas.", 10.0, Mm(76.0), Mm(48.0), &regular);
    l.set_fill_color(green);
    l.use_text(
        "Diterbitkan oleh Dinas Sosial melalui Sistem Akreditasi LKSA daring.",
        9.0,
        Mm(28.0),
        Mm(22.0),
        &regular,
    );
    doc.save_to_bytes().map_err(|e| e.to_string())
}

/// Lines of at most `width` characters, broken between words.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

/// The address people use to reach this service, for the verification URL.
pub fn public_base(state: &AppState) -> String {
    // Never the request's Host header: anyone can send one, and it would be printed into an
    // official document and its QR code. Without a configured address, the listen address.
    if let Some(base) = &state.public_url {
        return base.trim_end_matches('/').to_string();
    }
    let scheme = if state.secure_cookies { "https" } else { "http" };
    format!("{scheme}://{}", state.leptos_options.site_addr)
}

/// `GET /certificates/{cycle}`: the PDF for people entitled to the cycle.
pub async fn download(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(cycle_id): Path<String>,
) -> Result<Response, AppError> {
    let cycle = crate::evidence::cycle_ref(&state, &cycle_id).await?;
    domain::can(Some(&user.actor), domain::Action::ViewCycle, domain::Resource::Cycle(&cycle))?;
    let cert =
        store::certificate::certificate_for_cycle(&state.store, &cycle_id).await?.ok_or_else(AppError::not_found)?;
    let institution =
        store::institutions::get(&state.store, &cycle.institution.id).await?.ok_or_else(AppError::not_found)?;
    let data = CertificateData {
        verify_url: format!("{}/verify/{}", public_base(&state), cert.verification_code),
        number: cert.number.clone(),
        institution: cert.institution_name.clone().unwrap_or(institution.name),
        address: institution.address,
        regency: institution.regency_name,
        province: institution.province_name,
        grade: cert.grade,
        issued_on: cert.issued_on,
        valid_until: cert.valid_until,
        signer_name: cert.signer_name.unwrap_or_default(),
        signer_position: cert.signer_position.unwrap_or_default(),
        decree_number: cert.decree_number,
    };
    let pdf = tokio::task::spawn_blocking(move || render(&data)).await?.map_err(AppError::internal)?;
    let file = format!("sertifikat-{}.pdf", cert.number.replace(['/', '.'], "-"));
    Ok(crate::respond::attachment(pdf, "application/pdf", &file))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_certificate_is_a_pdf_with_its_facts() {
        let pdf = render(&CertificateData {
            number: "0001/AKR-LKSA/35.20/2026".into(),
            institution: "LKSA Muhammadiyah Magetan".into(),
            address: "Jl. Contoh 1".into(),
            regency: "Kabupaten Magetan".into(),
            province: "Jawa Timur".into(),
            grade: "B".into(),
            issued_on: "2026-11-23".into(),
            valid_until: "2029-11-22".into(),
            verify_url: "https://akreditasi.example/verify/abc".into(),
            signer_name: "Sri Wahyuni, S.Sos.".into(),
            signer_position: "Kepala Bidang Rehabilitasi Sosial Dinas Sosial Kabupaten Magetan".into(),
            decree_number: Some("460/101/DINSOS/XI/2026".into()),
        })
        .unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        assert!(pdf.len() > 2_000);
    }

    #[test]
    fn long_positions_wrap_between_words() {
        assert_eq!(
            wrap("Kepala Bidang Rehabilitasi Sosial Dinas Sosial", 20),
            ["Kepala Bidang", "Rehabilitasi Sosial", "Dinas Sosial"]
        );
        assert!(wrap("", 20).is_empty());
    }
}
