//! Times a national import: 14,445 institutions over all 514 regencies in one XLSX, read,
//! checked and imported into a fresh SQLite database, then imported again (no changes).
//!
//! `cargo run --release -p server --example import_bench` (BENCHMARKS.md "Institution import").

use domain::import::{COLUMNS, InstitutionRecord, check_sheet, institution_cells};
use domain::profile::LegalDocument;
use std::time::Instant;

const INSTITUTIONS: usize = 14_445;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::temp_dir().join(format!("lksa-import-bench-{}", store::new_id()));
    std::fs::create_dir_all(&dir)?;
    let store = store::Store::open(&format!("sqlite://{}/bench.db", dir.display())).await?;
    let admin = store::accounts::create_user(
        &store,
        store::accounts::NewUser {
            username: "admin.bench".into(),
            full_name: "Admin".into(),
            password: "bench-password".into(),
            role: domain::Role::Administrator,
            institution_id: None,
            province_id: None,
            regency_id: None,
            can_approve: false,
        },
    )
    .await?;
    let actor = domain::Actor {
        user_id: admin.clone(),
        role: domain::Role::Administrator,
        institution: None,
        scope: None,
        can_approve: false,
    };
    let may = |at: &domain::InstitutionRef| {
        domain::can(Some(&actor), domain::Action::RegisterInstitution, domain::Resource::Institution(at)).is_ok()
    };

    let mut codes: Vec<String> = store::onboarding::regencies(&store).await?.into_keys().collect();
    codes.sort();
    let columns: Vec<String> = COLUMNS.iter().map(|c| c.to_string()).collect();
    let rows = (0..INSTITUTIONS).map(|n| {
        let regency = codes[n % codes.len()].clone();
        Ok(institution_cells(&InstitutionRecord {
            name: format!("Panti Asuhan Nusantara {n:05}"),
            address: format!("Jl. Merdeka No. {}", n % 200 + 1),
            foundation: format!("Yayasan Nusantara {}", n % 997),
            capacity: 20 + (n % 80) as u32,
            children: 10 + (n % 60) as u32,
            caregivers: 2 + (n % 12) as u32,
            registration: LegalDocument {
                number: format!("TD-{}/{n:05}/DINSOS/2021", regency.replace('.', "")),
                issued_on: "2021-03-01".into(),
                expires_on: "2031-02-28".into(),
            },
            permit: LegalDocument {
                number: format!("503/{n:05}/2024"),
                issued_on: "2024-01-15".into(),
                expires_on: "2029-01-14".into(),
            },
            regency,
            manager: None,
        }))
    });
    let t = Instant::now();
    let xlsx = server::xlsx::write(Vec::new(), &columns, &[false; 13], 13, rows)?;
    println!("generated {} rows, {:.1} MB XLSX in {:.2?}", INSTITUTIONS, xlsx.len() as f64 / 1e6, t.elapsed());

    for round in ["first import", "same file again"] {
        let total = Instant::now();
        let t = Instant::now();
        let sheet = server::onboarding::read_rows(&xlsx).map_err(|k| format!("{k:?}"))?;
        let read = t.elapsed();
        let t = Instant::now();
        let regencies = store::onboarding::regencies(&store).await?;
        let checked = check_sheet(sheet, &regencies, may);
        assert!(checked.problems.is_empty(), "{:?}", &checked.problems[..3.min(checked.problems.len())]);
        let check = t.elapsed();
        let t = Instant::now();
        let foreign = store::onboarding::foreign_matches(&store, &checked.records, may).await?;
        let id = store::onboarding::save_batch(&store, &admin, "bench.xlsx", &checked.records, &foreign).await?;
        let outcome =
            store::onboarding::confirm_batch(&store, &admin, &id, may, may).await?.map_err(|e| format!("{e:?}"))?;
        let write = t.elapsed();
        println!(
            "{round}: {:.2?} in all (read XLSX {read:.2?}, check {check:.2?}, keep + confirm in one transaction {write:.2?}): {outcome:?}",
            total.elapsed()
        );
    }
    drop(store);
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}
