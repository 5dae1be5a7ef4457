//! Demo data: two provinces, their regencies, ten institutions with realistic profiles,
//! cycles in several states, and one account per role. Loaded only into a new database
//! (or on an explicit flag), never over real data.
//!
//! Every demo cycle starts as a draft and reaches its state through the store's own workflow
//! functions, the ones the web app calls (see [`workflow`]): a submitted self-assessment is
//! complete with its evidence files, a reconciled cycle has its final scores and result, and a
//! decided one its decision and certificate.

mod files;
mod scores;
mod workflow;

use crate::accounts::{NewUser, create_user};
use crate::evidence::BlobStore;
use crate::institutions::{NewInstitution, create, create_province, create_regency};
use crate::{Result, Store, StoreError, cycles};
use domain::{CycleState, Grade, Role};
use workflow::{Cast, Flow, Plan};

/// The password of every demo account (documented in the README).
pub const DEMO_PASSWORD: &str = "demo-lksa-2026";

/// (username, full name, role, institution index, province, regency, may approve)
type DemoUser = (&'static str, &'static str, Role, Option<usize>, Option<&'static str>, Option<&'static str>, bool);

pub const USERS: &[DemoUser] = &[
    ("pengelola", "Hj. Rahmah Fitriani", Role::InstitutionManager, Some(0), None, None, false),
    ("pengelola.magetan", "Suparno, S.Sos.", Role::InstitutionManager, Some(6), None, None, false),
    ("asesor1", "Dr. Yuliani Kartika, M.Si.", Role::Assessor, None, None, None, false),
    ("asesor2", "Ahmad Fauzi, S.Tr.Sos.", Role::Assessor, None, None, None, false),
    ("supervisor", "Prof. Bambang Widodo", Role::Supervisor, None, None, None, false),
    ("dinsos", "Noor Hasanah, S.E.", Role::DinsosOfficer, None, Some("63"), Some("63.71"), true),
    ("dinsos.kalsel", "Ir. Gusti Rahman", Role::DinsosOfficer, None, Some("63"), None, false),
    ("dinsos.magetan", "Sri Wahyuni, S.Sos.", Role::DinsosOfficer, None, Some("35"), Some("35.20"), true),
    // A second officer with approval rights in Magetan: decides appeals against the first one's decisions.
    ("kabid.magetan", "Drs. Hadi Santoso", Role::DinsosOfficer, None, Some("35"), Some("35.20"), true),
    ("admin", "Administrator Sistem", Role::Administrator, None, None, None, false),
    // The team that visited the institutions decided in 2025: assigned to nothing open, so the
    // work lists of asesor1, asesor2 and the supervisor hold only the two current visits.
    ("asesor.kalsel", "Dra. Siti Mariam, M.Kesos.", Role::Assessor, None, None, None, false),
    ("asesor.jatim", "Rudi Hartono, S.Sos.", Role::Assessor, None, None, None, false),
];

/// The positions printed under the signer's name on certificates.
const POSITIONS: &[(&str, &str)] = &[
    ("dinsos", "Kepala Bidang Rehabilitasi Sosial Dinas Sosial Kota Banjarmasin"),
    ("dinsos.kalsel", "Kepala Seksi Rehabilitasi Anak Dinas Sosial Provinsi Kalimantan Selatan"),
    ("dinsos.magetan", "Kepala Bidang Rehabilitasi Sosial Dinas Sosial Kabupaten Magetan"),
    ("kabid.magetan", "Kepala Dinas Sosial Kabupaten Magetan"),
    ("admin", "Administrator Sistem Akreditasi LKSA"),
];

const PROVINCES: &[(&str, &str)] = &[("63", "Kalimantan Selatan"), ("35", "Jawa Timur")];
const REGENCIES: &[(&str, &str, &str)] = &[
    ("63.71", "63", "Kota Banjarmasin"),
    ("63.72", "63", "Kota Banjarbaru"),
    ("63.03", "63", "Kabupaten Banjar"),
    ("35.20", "35", "Kabupaten Magetan"),
    ("35.77", "35", "Kota Madiun"),
    ("35.78", "35", "Kota Surabaya"),
];

/// (name, regency, address, foundation, capacity, children, staff, permit valid until, cycle state, grade)
type DemoInstitution = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    i64,
    i64,
    i64,
    &'static str,
    Option<CycleState>,
    Option<&'static str>,
);

const INSTITUTIONS: &[DemoInstitution] = &[
    (
        "Panti Asuhan Budi Mulia",
        "63.71",
        "Jl. Pangeran Antasari No. 41, Banjarmasin Tengah",
        "Yayasan Budi Mulia Banjarmasin",
        60,
        48,
        12,
        "2029-03-31",
        Some(CycleState::Draft),
        None,
    ),
    (
        "LKSA Al-Hidayah",
        "63.71",
        "Jl. Sultan Adam Kompleks Mandiri No. 7, Banjarmasin Utara",
        "Yayasan Al-Hidayah",
        45,
        39,
        9,
        "2028-08-15",
        Some(CycleState::Submitted),
        None,
    ),
    (
        "Panti Asuhan Putri Aisyiyah",
        "63.71",
        "Jl. Kelayan B No. 22, Banjarmasin Selatan",
        "Pimpinan Daerah Aisyiyah Kota Banjarmasin",
        40,
        35,
        8,
        "2027-12-01",
        Some(CycleState::AssessorsAssigned),
        None,
    ),
    (
        "LKSA Darul Aitam",
        "63.72",
        "Jl. Ahmad Yani Km 33, Loktabat, Banjarbaru",
        "Yayasan Darul Aitam",
        50,
        41,
        10,
        "2030-01-20",
        Some(CycleState::Decided),
        Some("B"),
    ),
    (
        "Panti Asuhan Nurul Iman",
        "63.03",
        "Jl. Perintis Kemerdekaan, Martapura",
        "Yayasan Nurul Iman Martapura",
        35,
        30,
        7,
        "2026-12-31",
        None,
        None,
    ),
    (
        "Panti Asuhan Kasih Bunda",
        "63.72",
        "Jl. Panglima Batur No. 3, Banjarbaru",
        "Yayasan Kasih Bunda Kalimantan",
        30,
        24,
        6,
        "2028-06-30",
        Some(CycleState::Submitted),
        None,
    ),
    (
        "LKSA Muhammadiyah Magetan",
        "35.20",
        "Jl. Yos Sudarso No. 15, Magetan",
        "Pimpinan Daerah Muhammadiyah Magetan",
        70,
        62,
        14,
        "2029-09-30",
        Some(CycleState::Draft),
        None,
    ),
    (
        "Panti Asuhan Sunan Giri",
        "35.20",
        "Desa Plaosan, Kecamatan Plaosan, Magetan",
        "Yayasan Sunan Giri Plaosan",
        40,
        33,
        8,
        "2027-05-10",
        Some(CycleState::Reconciled),
        None,
    ),
    (
        "Panti Asuhan Bhakti Luhur",
        "35.77",
        "Jl. Serayu No. 12, Madiun",
        "Yayasan Bhakti Luhur",
        55,
        44,
        13,
        "2031-02-28",
        Some(CycleState::Decided),
        Some("A"),
    ),
    (
        "LKSA Harapan Bangsa",
        "35.78",
        "Jl. Wonokromo Gg. IV No. 9, Surabaya",
        "Yayasan Harapan Bangsa Surabaya",
        80,
        71,
        18,
        "2028-11-11",
        Some(CycleState::Accepted),
        None,
    ),
];

/// The decided demo cycles were visited and decided in 2025 (the decree's month and year in
/// their numbers), so that their certificates are still valid for years: grade B for 3 years,
/// A for 5, from the decision.
const DECIDED_VISIT_ON: &str = "2025-05-20";
const DECIDED_ON: &str = "2025-06-16";

/// The visit dates of the cycles with assessors assigned and of the reconciled one.
const VISIT_ON: &str = "2026-12-08";
const RECONCILED_VISIT_ON: &str = "2026-10-14";

/// Whether the demo accounts exist already.
pub async fn is_loaded(store: &Store) -> Result<bool> {
    let n: i64 = sqlx::query_scalar("select count(*) from users where username = $1")
        .bind(USERS[0].0)
        .fetch_one(&store.pool)
        .await?;
    Ok(n > 0)
}

/// Who fills in an institution's self-assessment: its manager, or the administrator acting for
/// an institution without a manager account.
fn manager_of(institution: usize) -> &'static str {
    USERS.iter().find(|u| u.2 == Role::InstitutionManager && u.3 == Some(institution)).map_or("admin", |u| u.0)
}

/// The Dinas Sosial officer with approval rights in a regency (intake, assignment and decision),
/// or the administrator where the demo has none.
fn officer_of(regency: &str) -> &'static str {
    USERS.iter().find(|u| u.2 == Role::DinsosOfficer && u.5 == Some(regency) && u.6).map_or("admin", |u| u.0)
}

/// Loads the demo data. `instrument_version_id` binds the demo cycles to an instrument version;
/// with `blobs`, the demo evidence files are written there (the server's evidence directory).
pub async fn seed(store: &Store, instrument_version_id: &str, blobs: Option<&BlobStore>) -> Result<()> {
    for (id, name) in PROVINCES {
        create_province(store, id, name).await?;
    }
    for (id, province, name) in REGENCIES {
        create_regency(store, id, province, name).await?;
    }
    let mut institution_ids = Vec::new();
    for (n, (name, regency, address, foundation, capacity, children, staff, permit_until, _, _)) in
        INSTITUTIONS.iter().enumerate()
    {
        let id = create(
            store,
            NewInstitution {
                name: (*name).into(),
                regency_id: (*regency).into(),
                address: (*address).into(),
                foundation: (*foundation).into(),
                capacity: *capacity,
                children_count: *children,
                staff_count: *staff,
                registration_number: Some(format!("TD-{}/{:03}/DINSOS/2021", regency.replace('.', ""), n + 1)),
                registration_expires_on: Some("2031-12-31".into()),
                permit_number: Some(format!("503/{:03}/IO-LKSA/2024", n + 11)),
                permit_expires_on: Some((*permit_until).into()),
            },
        )
        .await?;
        institution_ids.push(id);
    }
    // Plausible breakdowns of the demo totals (children by sex and age, staff by role).
    sqlx::query(
        "update institutions set children_boys = children_count / 2, children_girls = children_count - children_count / 2,
            children_under_6 = children_count / 10, children_6_12 = children_count * 4 / 10, children_18_plus = 0,
            children_13_17 = children_count - children_count / 10 - children_count * 4 / 10,
            staff_caregivers = staff_count * 2 / 3, staff_social_workers = 1, staff_other = staff_count - staff_count * 2 / 3 - 1,
            registration_issued_on = '2021-01-04', permit_issued_on = '2024-03-31', deed_number = '12', deed_issued_on = '2010-05-02'",
    )
    .execute(&store.pool)
    .await?;
    let mut user_ids = std::collections::HashMap::new();
    for (username, full_name, role, institution, province, regency, can_approve) in USERS {
        let id = create_user(
            store,
            NewUser {
                username: (*username).into(),
                full_name: (*full_name).into(),
                password: DEMO_PASSWORD.into(),
                role: *role,
                institution_id: institution.map(|i| institution_ids[i].clone()),
                province_id: province.map(String::from),
                regency_id: regency.map(String::from),
                can_approve: *can_approve,
            },
        )
        .await?;
        user_ids.insert(*username, id);
    }
    for (username, position) in POSITIONS {
        sqlx::query("update users set position = $2 where username = $1")
            .bind(username)
            .bind(position)
            .execute(&store.pool)
            .await?;
    }
    let user = |name: &str| {
        user_ids.get(name).map(String::as_str).ok_or_else(|| StoreError::Corrupt(format!("demo user {name}")))
    };
    let instrument = crate::instruments::by_id(store, instrument_version_id)
        .await?
        .ok_or_else(|| StoreError::Corrupt("demo instrument".into()))?;
    let flow = Flow { store, instrument: &instrument, files: &files::Files::keep(blobs).await? };
    for (n, (_, regency, .., state, grade)) in INSTITUTIONS.iter().enumerate() {
        let Some(state) = *state else { continue };
        let cycle = cycles::create(store, &institution_ids[n], instrument_version_id, CycleState::Draft).await?;
        let decided = state == CycleState::Decided;
        let (lead, second, supervisor) =
            if decided { ("asesor.kalsel", "asesor.jatim", None) } else { ("asesor1", "asesor2", Some("supervisor")) };
        let cast = Cast {
            institution: user(manager_of(n))?,
            officer: user(officer_of(regency))?,
            lead: user(lead)?,
            second: user(second)?,
            supervisor: supervisor.map(user).transpose()?,
        };
        let decision = grade
            .map(|g| Grade::from_code(g).ok_or_else(|| StoreError::Corrupt(format!("demo grade {g}"))))
            .transpose()?
            .map(|g| (g, format!("460/{:03}/DINSOS/VI/2025", n + 101), DECIDED_ON));
        let visit_on = match state {
            CycleState::Decided => DECIDED_VISIT_ON,
            CycleState::Reconciled => RECONCILED_VISIT_ON,
            _ => VISIT_ON,
        };
        flow.drive(&cycle, &cast, &Plan { seed: n, target: state, visit_on, decision }).await?;
    }
    publish_next_instrument(store, user("admin")?).await?;
    tracing::info!(institutions = INSTITUTIONS.len(), users = USERS.len(), "demo data loaded");
    Ok(())
}

/// The administrator publishes the instrument version shipped for review (every indicator with
/// its own descriptors) and moves the open drafts to it, as an administrator would on
/// `/instrument/versions`: decided and in-review cycles stay on the version they started with.
async fn publish_next_instrument(store: &Store, admin: &str) -> Result<()> {
    use crate::instrument_versions::{migrate_drafts, publish, upload};
    let next = crate::instruments::parse(crate::instruments::OFFERED)?;
    let (crate::instruments::Loaded::Inserted { id } | crate::instruments::Loaded::Unchanged { id }) =
        upload(store, &next, admin).await?;
    publish(store, &id, admin).await?;
    migrate_drafts(store, &id, &Default::default(), admin)
        .await?
        .map_err(|refused| StoreError::Corrupt(format!("demo instrument migration: {refused}")))?;
    Ok(())
}

#[cfg(test)]
mod tests;
