//! Demo data: two provinces, their regencies, ten institutions with realistic profiles,
//! cycles in several states, and one account per role. Loaded only into a new database
//! (or on an explicit flag), never over real data.

use crate::accounts::{NewUser, create_user};
use crate::institutions::{NewInstitution, create, create_province, create_regency};
use crate::{Result, Store, StoreError, cycles};
use domain::{CycleState, Role};

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

/// Whether the demo accounts exist already.
pub async fn is_loaded(store: &Store) -> Result<bool> {
    let n: i64 = sqlx::query_scalar("select count(*) from users where username = $1")
        .bind(USERS[0].0)
        .fetch_one(&store.pool)
        .await?;
    Ok(n > 0)
}

/// Loads the demo data. `instrument_version_id` binds the demo cycles to an instrument version.
pub async fn seed(store: &Store, instrument_version_id: &str) -> Result<()> {
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
    let user = |name: &str| user_ids.get(name).cloned().ok_or_else(|| StoreError::Corrupt(format!("demo user {name}")));
    for (n, (.., state, grade)) in INSTITUTIONS.iter().enumerate() {
        let Some(state) = state else { continue };
        let cycle = cycles::create(store, &institution_ids[n], instrument_version_id, *state).await?;
        if *state != CycleState::Draft {
            // Entered on the institution's behalf by the administrator: these institutions have no manager account.
            submitted_answers(store, &cycle, instrument_version_id, n, &user("admin")?).await?;
        }
        match state {
            CycleState::AssessorsAssigned | CycleState::Reconciled => {
                cycles::assign(store, &cycle, &user("asesor1")?, "assessor").await?;
                cycles::assign(store, &cycle, &user("asesor2")?, "assessor").await?;
                cycles::assign(store, &cycle, &user("supervisor")?, "supervisor").await?;
                let visit = if *state == CycleState::Reconciled { "2026-10-14" } else { "2026-12-08" };
                cycles::set_outcome(store, &cycle, None, Some(visit), None).await?;
            }
            CycleState::Decided => {
                let until = if *grade == Some("A") { "2030-06-30" } else { "2027-03-15" };
                cycles::set_outcome(store, &cycle, *grade, Some("2024-02-20"), Some(until)).await?;
                // Decided on paper before this system: the decision and certificate are recorded
                // so that the public registry and verification have them.
                let g = grade.and_then(domain::Grade::from_code).unwrap_or(domain::Grade::NotAccredited);
                let officer = user("dinsos")?;
                let mut tx = store.write_tx().await?;
                crate::decision::record_decision(&mut tx, &cycle, "approve", Some(g), "", &officer, "2024-02-20")
                    .await?;
                crate::certificate::issue(&mut tx, &officer, &cycle, g, "2024-02-20", until).await?;
                tx.commit().await?;
            }
            _ => {}
        }
    }
    tracing::info!(institutions = INSTITUTIONS.len(), users = USERS.len(), "demo data loaded");
    Ok(())
}

/// A plausible self-assessment for a cycle past the draft: a self-score and a short narrative
/// per indicator, submitted once. (Demo evidence files are not generated.)
async fn submitted_answers(store: &Store, cycle: &str, version: &str, seed: usize, by: &str) -> Result<()> {
    let instrument = crate::instruments::by_id(store, version)
        .await?
        .ok_or_else(|| StoreError::Corrupt("demo instrument".into()))?;
    let t = crate::now() - 9 * 86_400;
    let mut tx = store.write_tx().await?;
    for (k, (_, indicator)) in instrument.indicators().enumerate() {
        let score = [3, 4, 2, 3, 4, 3, 1][(seed + k) % 7];
        let narrative = match score {
            4 => "Sudah berjalan, terdokumentasi, dan dievaluasi setiap tahun.",
            3 => "Sudah berjalan dan terdokumentasi; evaluasi belum rutin.",
            2 => "Sudah dimulai tetapi belum konsisten; dokumen sebagian.",
            _ => "Masih direncanakan; belum ada dokumen.",
        };
        sqlx::query(
            "insert into answers (cycle_id, indicator_code, self_score, narrative, revision, updated_by, created_at, updated_at)
             values ($1, $2, $3, $4, 1, $5, $6, $6)",
        )
        .bind(cycle)
        .bind(&indicator.code)
        .bind(score)
        .bind(narrative)
        .bind(by)
        .bind(t)
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query(
        "insert into submissions (id, cycle_id, round, submitted_by, changed_indicators, snapshot, created_at)
         values ($1, $2, 1, $3, '[]', '{}', $4)",
    )
    .bind(crate::new_id())
    .bind(cycle)
    .bind(by)
    .bind(t)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::store;

    #[tokio::test]
    async fn demo_data_gives_every_role_something_to_do() {
        let (s, _dir) = store().await;
        let i = crate::instruments::parse(include_str!("../../instrument/snpa-lksa-2026.1.toml")).unwrap();
        let crate::instruments::Loaded::Inserted { id } = crate::instruments::load(&s, &i).await.unwrap() else {
            panic!()
        };
        assert!(s.is_empty().await.unwrap());
        seed(&s, &id).await.unwrap();
        assert!(!s.is_empty().await.unwrap());

        let token = crate::accounts::login(&s, "asesor1", DEMO_PASSWORD, "ip").await.unwrap().unwrap();
        let asesor = crate::accounts::session_user(&s, &token).await.unwrap().unwrap();
        let work = cycles::assignments(&s, &asesor.actor.user_id).await.unwrap();
        assert_eq!(work.len(), 2);
        assert_eq!(work[0].visit_on.as_deref(), Some("2026-10-14"), "soonest visit first");

        let token = crate::accounts::login(&s, "dinsos", DEMO_PASSWORD, "ip").await.unwrap().unwrap();
        let dinsos = crate::accounts::session_user(&s, &token).await.unwrap().unwrap();
        let counts = cycles::count_by_state(&s, dinsos.actor.scope.as_ref()).await.unwrap();
        assert!(counts.contains(&("submitted".to_string(), 1)), "{counts:?}");
        assert_eq!(crate::institutions::count(&s, None).await.unwrap(), 10);
        let first = crate::paging::PageRequest::first();
        let in_banjarmasin = crate::institutions::list(&s, dinsos.actor.scope.as_ref(), "", first).await.unwrap();
        assert_eq!((in_banjarmasin.rows.len(), in_banjarmasin.more), (3, false));
        assert_eq!(crate::institutions::count(&s, dinsos.actor.scope.as_ref()).await.unwrap(), 3);
        let named = crate::institutions::list(&s, None, "BUDI mulia", first).await.unwrap();
        assert_eq!(named.rows.iter().map(|i| i.name.as_str()).collect::<Vec<_>>(), ["Panti Asuhan Budi Mulia"]);
    }
}
