// One argument per form field keeps the JS-off form's field names plain; the server macro
// generates the browser's twin of this function too, so the allowance covers the module.
#![allow(clippy::too_many_arguments)]

use crate::api::onboarding::view::RegencyChoice;
use crate::error::AppError;
use leptos::prelude::*;

/// The regencies and cities the person may register institutions in.
#[server(endpoint = "registration_form")]
pub async fn registration_form() -> Result<Vec<RegencyChoice>, AppError> {
    use crate::api::ssr::*;
    use domain::Action;
    let user = require_user().await?;
    let region = visible_region(&user, Action::RegisterInstitution)?;
    let options = store::onboarding::regency_options(&store()?, region.as_ref()).await?;
    Ok(options.into_iter().map(|o| RegencyChoice { id: o.id, name: o.name, province: o.province }).collect())
}

/// Registers one institution from the form (the same checks as a spreadsheet row), audited, and
/// opens its page. Fields are the template's columns, so the two ways cannot drift apart.
#[server(endpoint = "register_institution")]
pub async fn register_institution(
    nama: String,
    kode_kabupaten_kota: String,
    alamat: String,
    yayasan: String,
    kapasitas: String,
    jumlah_anak: String,
    jumlah_pengasuh: String,
    nomor_tanda_daftar: String,
    tanda_daftar_terbit: String,
    tanda_daftar_berlaku_sampai: String,
    nomor_izin_operasional: String,
    izin_terbit: String,
    izin_berlaku_sampai: String,
) -> Result<String, AppError> {
    use crate::api::ssr::*;
    use domain::import::*;
    use domain::{Action, Resource};

    let user = require_user().await?;
    visible(&user, Action::RegisterInstitution)?;
    let db = store()?;
    let regencies = store::onboarding::regencies(&db).await?;
    // A regency outside the person's region is refused by the policy like any other record.
    if let Some(province) = regencies.get(&regency_code(&kode_kabupaten_kota)) {
        let place = domain::InstitutionRef {
            id: String::new(),
            province: province.clone(),
            regency: regency_code(&kode_kabupaten_kota),
        };
        authorize(Some(&user), Action::RegisterInstitution, Resource::Institution(&place))?;
    }
    let fields = [
        (NAME, nama),
        (REGENCY, kode_kabupaten_kota),
        (ADDRESS, alamat),
        (FOUNDATION, yayasan),
        (CAPACITY, kapasitas),
        (CHILDREN, jumlah_anak),
        (CAREGIVERS, jumlah_pengasuh),
        (REGISTRATION_NUMBER, nomor_tanda_daftar),
        (REGISTRATION_ISSUED, tanda_daftar_terbit),
        (REGISTRATION_EXPIRES, tanda_daftar_berlaku_sampai),
        (PERMIT_NUMBER, nomor_izin_operasional),
        (PERMIT_ISSUED, izin_terbit),
        (PERMIT_EXPIRES, izin_berlaku_sampai),
    ];
    let cell = |c: &str| fields.iter().find(|(k, _)| *k == c).map(|(_, v)| v.clone()).unwrap_or_default();
    let may = |at: &domain::InstitutionRef| {
        domain::can(Some(&user.actor), Action::RegisterInstitution, Resource::Institution(at)).is_ok()
    };
    let record = match check_record(cell, &regencies, may) {
        Ok(record) => record,
        Err(problems) => {
            let (column, kind) = problems[0];
            return Err(AppError::invalid(format!("{}--{column}", kind.message_key())));
        }
    };
    match store::onboarding::register(&db, &user.actor.user_id, &record).await? {
        Ok(id) => {
            leptos_axum::redirect(&format!("/institutions/{id}"));
            Ok(id)
        }
        Err(kind) => Err(AppError::conflict(format!("{}--{REGISTRATION_NUMBER}", kind.message_key()))),
    }
}
