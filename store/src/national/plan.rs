//! What to generate: the institutions with their regions, profiles and fates, and the users.

use super::bulk::{V, row};
use super::names::{apportion, institution, numbered, person, weight};
use super::{Scale, assessor_username, dinsos_username, manager_username, staff_counts, supervisor_username};
use domain::{CycleState, Grade, Role};
use rand::Rng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use std::collections::HashMap;

const DAY: i64 = 86_400;

/// Where an institution's latest cycle stands (`None`: it never started one), with the grade
/// of cycles past reconciliation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Fate {
    pub(super) state: Option<CycleState>,
    pub(super) grade: Option<Grade>,
}

/// National counts: 12,207 decided (871 A, 4,439 B, 6,897 C) of 14,445, the rest waiting in
/// every other state or never started.
const FATES: [(Option<CycleState>, Option<Grade>, u64); 13] = [
    (Some(CycleState::Decided), Some(Grade::A), 871),
    (Some(CycleState::Decided), Some(Grade::B), 4439),
    (Some(CycleState::Decided), Some(Grade::C), 6897),
    (None, None, 400),
    (Some(CycleState::Draft), None, 500),
    (Some(CycleState::Submitted), None, 300),
    (Some(CycleState::Returned), None, 120),
    (Some(CycleState::Accepted), None, 200),
    (Some(CycleState::AssessorsAssigned), None, 250),
    (Some(CycleState::Visited), None, 180),
    (Some(CycleState::Reconciled), None, 150),
    (Some(CycleState::Appealed), None, 38),
    (Some(CycleState::Expired), None, 100),
];

/// How many institutions of `total` end in each of [`FATES`]: proportional, and every state
/// present when there are institutions enough.
pub(super) fn fate_counts(total: usize) -> Vec<(Fate, usize)> {
    let weights: Vec<u64> = FATES.iter().map(|f| f.2).collect();
    let mut counts = apportion(total, &weights);
    if total >= FATES.len() {
        while let Some(empty) = counts.iter().position(|&c| c == 0) {
            let largest = (0..counts.len()).max_by_key(|&i| (counts[i], usize::MAX - i)).unwrap_or(0);
            counts[largest] -= 1;
            counts[empty] += 1;
        }
    }
    FATES.iter().zip(counts).map(|(f, n)| (Fate { state: f.0, grade: f.1 }, n)).collect()
}

/// A grade in the national proportions.
pub(super) fn any_grade(rng: &mut StdRng) -> Grade {
    match rng.random_range(0..12_207) {
        0..871 => Grade::A,
        871..5310 => Grade::B,
        _ => Grade::C,
    }
}

pub(super) struct Institution {
    pub(super) id: String,
    pub(super) number: usize,
    pub(super) name: String,
    pub(super) regency: usize,
    pub(super) manager: String,
    pub(super) fate: Fate,
    foundation: String,
    address: String,
    regency_id: String,
    numbers: [i64; 12],
    created_at: i64,
}

impl Institution {
    pub(super) fn row(&self) -> Vec<V> {
        let [capacity, children, staff, boys, under6, age6, plus18, caregivers, social, reg_year, permit_year, deed] =
            self.numbers;
        let code = self.regency_id.replace('.', "");
        let (n, month) = (self.number, 1 + self.number % 12);
        row![
            &self.id,
            &self.name,
            &self.regency_id,
            &self.address,
            &self.foundation,
            capacity,
            children,
            staff,
            format!("TD-{code}/{n:05}/DINSOS/{reg_year}"),
            format!("{}-{month:02}-15", reg_year + 10),
            format!("503/{n:05}/IO-LKSA/{permit_year}"),
            format!("{}-{month:02}-28", permit_year + 5),
            self.created_at,
            self.created_at,
            boys,
            children - boys,
            under6,
            age6,
            children - under6 - age6 - plus18,
            plus18,
            caregivers,
            social,
            staff - caregivers - social,
            format!("{reg_year}-{month:02}-15"),
            format!("{permit_year}-{month:02}-28"),
            deed.to_string(),
            format!("{}-{month:02}-02", 1975 + deed % 40),
            format!("{:02}.{:03}.{:03}.{}-{:03}.000", n % 100, deed, n % 1000, n % 10, deed % 1000),
        ]
    }
}

pub(super) const INSTITUTION_COLUMNS: &[&str] = &[
    "id",
    "name",
    "regency_id",
    "address",
    "foundation",
    "capacity",
    "children_count",
    "staff_count",
    "registration_number",
    "registration_expires_on",
    "permit_number",
    "permit_expires_on",
    "created_at",
    "updated_at",
    "children_boys",
    "children_girls",
    "children_under_6",
    "children_6_12",
    "children_13_17",
    "children_18_plus",
    "staff_caregivers",
    "staff_social_workers",
    "staff_other",
    "registration_issued_on",
    "permit_issued_on",
    "deed_number",
    "deed_issued_on",
    "npwp",
];

pub(super) struct User {
    pub(super) id: String,
    pub(super) username: String,
    pub(super) full_name: String,
    pub(super) role: Role,
    pub(super) institution: Option<String>,
    pub(super) province: Option<String>,
    pub(super) regency: Option<String>,
    pub(super) can_approve: bool,
    pub(super) created_at: i64,
}

pub(super) struct Plan {
    pub(super) institutions: Vec<Institution>,
    pub(super) users: Vec<User>,
    pub(super) assessors: Vec<String>,
    pub(super) supervisors: Vec<String>,
    /// The approving officer of each regency (same order as the regencies).
    pub(super) officers: Vec<String>,
}

pub(super) fn id(rng: &mut StdRng) -> String {
    format!("{:016x}{:016x}", rng.random::<u64>(), rng.random::<u64>())
}

/// Regency (index) of each institution: one in every regency first (whole provinces in a
/// shuffled order, so a small scale still covers some provinces completely), the rest weighted.
fn regencies_of(rng: &mut StdRng, total: usize, regencies: &[(String, String, String)]) -> Vec<usize> {
    let mut provinces: Vec<&str> = regencies.iter().map(|r| r.1.as_str()).collect();
    provinces.dedup();
    provinces.shuffle(rng);
    let mut out: Vec<usize> = provinces
        .iter()
        .flat_map(|p| (0..regencies.len()).filter(move |&i| regencies[i].1 == *p))
        .take(total)
        .collect();
    let weights: Vec<u64> = regencies.iter().map(|r| weight(&r.0, &r.2)).collect();
    for (i, n) in apportion(total - out.len(), &weights).into_iter().enumerate() {
        out.extend(std::iter::repeat_n(i, n));
    }
    out.shuffle(rng);
    out
}

pub(super) fn plan(
    rng: &mut StdRng,
    scale: &Scale,
    regencies: &[(String, String, String)],
    provinces: &[String],
) -> Plan {
    let now = scale.now;
    let mut fates: Vec<Fate> =
        fate_counts(scale.institutions).into_iter().flat_map(|(f, n)| std::iter::repeat_n(f, n)).collect();
    fates.shuffle(rng);
    for f in &mut fates {
        if matches!(f.state, Some(CycleState::Reconciled | CycleState::Appealed | CycleState::Expired)) {
            f.grade = Some(any_grade(rng));
        }
    }
    let places = regencies_of(rng, scale.institutions, regencies);
    let mut users = Vec::new();
    let mut user = |rng: &mut StdRng, username: String, role: Role, region: (Option<&String>, Option<&String>)| {
        let id = id(rng);
        users.push(User {
            id: id.clone(),
            username,
            full_name: person(rng),
            role,
            institution: None,
            province: region.0.cloned(),
            regency: region.1.cloned(),
            can_approve: region.1.is_some(),
            created_at: now - rng.random_range(200..900) * DAY,
        });
        id
    };
    user(rng, super::ADMIN_USERNAME.into(), Role::Administrator, (None, None));
    for p in provinces {
        user(rng, dinsos_username(p), Role::DinsosOfficer, (Some(p), None));
    }
    let officers: Vec<String> = regencies
        .iter()
        .map(|(r, p, _)| user(rng, dinsos_username(r), Role::DinsosOfficer, (Some(p), Some(r))))
        .collect();
    let (assessor_count, supervisor_count) = staff_counts(scale.institutions);
    let supervisors: Vec<String> =
        (1..=supervisor_count).map(|n| user(rng, supervisor_username(n), Role::Supervisor, (None, None))).collect();
    let assessors: Vec<String> =
        (1..=assessor_count).map(|n| user(rng, assessor_username(n), Role::Assessor, (None, None))).collect();

    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut institutions = Vec::with_capacity(scale.institutions);
    for (k, (fate, regency)) in fates.into_iter().zip(places).enumerate() {
        let number = k + 1;
        let (mut name, foundation, address) = institution(rng, &regencies[regency].2);
        let n = seen.entry(name.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            name = numbered(&name, *n);
        }
        let capacity = rng.random_range(20..=100);
        let children = capacity * rng.random_range(60..=95) / 100;
        let staff = rng.random_range(5..=20);
        let caregivers = staff * 6 / 10;
        let numbers = [
            capacity,
            children,
            staff,
            children * rng.random_range(40..=60) / 100,
            children * rng.random_range(0..=10) / 100,
            children * rng.random_range(30..=45) / 100,
            children * rng.random_range(0..=5) / 100,
            caregivers,
            (staff - caregivers).min(rng.random_range(1..=2)),
            rng.random_range(2015..=2024),
            rng.random_range(2021..=2025),
            rng.random_range(1..=199),
        ];
        let institution_id = id(rng);
        let manager = id(rng);
        users.push(User {
            id: manager.clone(),
            username: manager_username(number),
            full_name: person(rng),
            role: Role::InstitutionManager,
            institution: Some(institution_id.clone()),
            province: None,
            regency: None,
            can_approve: false,
            created_at: now - rng.random_range(200..900) * DAY,
        });
        institutions.push(Institution {
            id: institution_id,
            number,
            name,
            regency,
            manager,
            fate,
            foundation,
            address,
            regency_id: regencies[regency].0.clone(),
            numbers,
            created_at: now - rng.random_range(900..2500) * DAY,
        });
    }
    Plan { institutions, users, assessors, supervisors, officers }
}
