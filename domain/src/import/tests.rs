use super::*;
use crate::policy::{Actor, RegionScope, Resource, Role};
use proptest::prelude::*;

fn regencies() -> Regencies {
    [("63.71", "63"), ("35.20", "35"), ("35.77", "35")].into_iter().map(|(r, p)| (r.into(), p.into())).collect()
}

fn magetan() -> Actor {
    Actor {
        user_id: "dinsos-magetan".into(),
        role: Role::DinsosOfficer,
        institution: None,
        scope: Some(RegionScope::Regency { province: "35".into(), regency: "35.20".into() }),
        can_approve: true,
    }
}

fn anyone(_: &InstitutionRef) -> bool {
    true
}

fn header() -> Vec<String> {
    COLUMNS.iter().map(|c| c.to_string()).collect()
}

fn row(name: &str, regency: &str, number: &str) -> Vec<String> {
    [
        name,
        regency,
        "Jl. Mawar 1",
        "Yayasan Mawar",
        "40",
        "30",
        "6",
        number,
        "2021-01-04",
        "31/12/2031",
        "503/1",
        "",
        "",
    ]
    .into_iter()
    .map(String::from)
    .collect()
}

fn problems(checked: &Checked) -> Vec<(Option<u32>, Option<&str>, ProblemKind)> {
    checked.problems.iter().map(|p| (p.row, p.column.as_deref(), p.kind)).collect()
}

#[test]
fn a_good_sheet_gives_records_with_iso_dates() {
    let checked = check_sheet(vec![header(), row("LKSA Mawar", "63.71", "TD-1")], &regencies(), anyone);
    assert_eq!(checked.problems, vec![]);
    let (line, r) = &checked.records[0];
    assert_eq!(*line, 2);
    assert_eq!(r.name, "LKSA Mawar");
    assert_eq!((r.capacity, r.children, r.caregivers), (40, 30, 6));
    assert_eq!(r.registration.expires_on, "2031-12-31", "dd/mm/yyyy becomes ISO");
    assert_eq!(r.permit.expires_on, "");
}

#[test]
fn every_row_problem_names_its_row_and_column() {
    let mut bad_date = row("LKSA B", "35.20", "TD-2");
    bad_date[9] = "31/02/2030".into();
    let mut negative = row("LKSA C", "35.20", "TD-3");
    negative[5] = "-3".into();
    let mut words = row("LKSA D", "35.20", "TD-4");
    words[4] = "empat puluh".into();
    let mut long = row(&"x".repeat(MAX_NAME + 1), "35.20", "TD-5");
    long[2] = String::new();
    let mut expiry = row("LKSA E", "35.20", "TD-6");
    expiry[9] = "2020-01-01".into();
    let rows = vec![
        header(),
        row("", "35.20", "TD-1"),
        bad_date,
        vec![String::new(); 13],
        negative,
        words,
        row("LKSA F", "99.99", "TD-7"),
        row("LKSA G", "63.71", "TD-8"),
        row("LKSA H", "35.20", "td-2 "),
        long,
        expiry,
        row("LKSA I", "35.20", ""),
    ];
    let may = |at: &InstitutionRef| {
        crate::can(Some(&magetan()), crate::Action::RegisterInstitution, Resource::Institution(at)).is_ok()
    };
    let checked = check_sheet(rows, &regencies(), may);
    use ProblemKind::*;
    assert_eq!(
        problems(&checked),
        vec![
            (Some(2), Some(NAME), Required),
            (Some(3), Some(REGISTRATION_EXPIRES), BadDate),
            // Row 4 is blank and skipped.
            (Some(5), Some(CHILDREN), BadNumber),
            (Some(6), Some(CAPACITY), BadNumber),
            (Some(7), Some(REGENCY), UnknownRegency),
            (Some(8), Some(REGENCY), OutsideRegion),
            (Some(9), Some(REGISTRATION_NUMBER), DuplicateRegistration),
            (Some(10), Some(NAME), TooLong),
            (Some(10), Some(ADDRESS), Required),
            (Some(11), Some(REGISTRATION_EXPIRES), ExpiresBeforeIssued),
            (Some(12), Some(REGISTRATION_NUMBER), Required),
        ]
    );
    assert!(checked.records.is_empty());
}

#[test]
fn columns_are_checked_before_rows() {
    let mut h = header();
    h[0] = "NAMA ".into();
    h[12] = "izin_habis".into();
    let checked = check_sheet(vec![h, row("x", "63.71", "TD-1")], &regencies(), anyone);
    assert_eq!(
        problems(&checked),
        vec![
            (Some(1), Some("izin_habis"), ProblemKind::UnknownColumn),
            (Some(1), Some(PERMIT_EXPIRES), ProblemKind::MissingColumn)
        ]
    );
    assert!(checked.records.is_empty());
    let mut twice = header();
    twice.push("nama".into());
    assert_eq!(check_sheet(vec![twice], &regencies(), anyone).problems[0].kind, ProblemKind::DuplicateColumn);
}

#[test]
fn columns_may_come_in_any_order() {
    let (mut h, mut r) = (header(), row("LKSA Mawar", "63.71", "TD-1"));
    h.reverse();
    r.reverse();
    let checked = check_sheet(vec![h, r], &regencies(), anyone);
    assert_eq!(checked.problems, vec![]);
    assert_eq!(checked.records[0].1.regency, "63.71");
}

#[test]
fn empty_sheets_and_too_many_rows_are_file_problems() {
    for rows in [vec![], vec![vec![String::new(), " ".into()]], vec![header()]] {
        assert_eq!(check_sheet(rows, &regencies(), anyone).problems, vec![Problem::file(ProblemKind::Empty)]);
    }
    let mut rows = vec![header()];
    rows.extend((0..=MAX_ROWS).map(|n| row("LKSA", "63.71", &format!("TD-{n}"))));
    let checked = check_sheet(rows, &regencies(), anyone);
    assert_eq!(checked.problems, vec![Problem::file(ProblemKind::TooManyRows)]);
    assert!(checked.records.is_empty());
}

#[test]
fn cells_as_spreadsheets_store_them() {
    assert_eq!(regency_code("35.2"), "35.20");
    assert_eq!(regency_code(" 63.71 "), "63.71");
    assert_eq!(count("12.0"), Ok(12));
    assert_eq!(count(""), Ok(0));
    assert_eq!(count("1.5"), Err(ProblemKind::BadNumber));
    assert_eq!(count("-1"), Err(ProblemKind::BadNumber));
    assert_eq!(count("99999999999999999999"), Err(ProblemKind::CountTooLarge));
    assert_eq!(date("4/1/2021").as_deref(), Some("2021-01-04"));
    assert_eq!(date("2021-01-04").as_deref(), Some("2021-01-04"));
    assert_eq!(date("2021/01/04"), None);
    assert_eq!(date("29/02/2023"), None);
    assert_eq!(date("tomorrow"), None);
    assert_eq!(serial_date(46_035.0).as_deref(), Some("2026-01-13"));
    assert_eq!(serial_date(-1.0), None);
}

#[test]
fn formulas_are_defused() {
    for cell in ["=1+1", "+62", "-5", "@SUM(A1)", "\t=1", "\r=1"] {
        assert_eq!(defuse(cell), format!("'{cell}"));
    }
    assert_eq!(defuse("Panti Asuhan"), "Panti Asuhan");
    assert_eq!(defuse(""), "");
}

proptest! {
    /// A record written to the template's cells reads back as itself, and any text in any cell
    /// gives a record or problems, never a panic.
    #[test]
    fn records_round_trip_and_noise_never_panics(
        name in "[A-Za-z][A-Za-z .]{0,40}",
        capacity in 0u32..=MAX_COUNT,
        day in 1u32..=28,
        noise in proptest::collection::vec(".{0,12}", 13),
    ) {
        let record = InstitutionRecord {
            name: name.trim().to_string(),
            regency: "63.71".into(),
            address: "Jl. A".into(),
            foundation: String::new(),
            capacity,
            children: capacity / 2,
            caregivers: 1,
            registration: LegalDocument { number: "TD-9".into(), issued_on: format!("2020-01-{day:02}"), expires_on: String::new() },
            permit: LegalDocument::default(),
            manager: None,
        };
        let checked = check_sheet(vec![header(), cells(&record)], &regencies(), anyone);
        prop_assert_eq!(checked.records.first().map(|(_, r)| r), Some(&record));
        let _ = check_sheet(vec![header(), noise], &regencies(), anyone);
    }
}

/// The manager's columns are optional; when a row fills any, the name and a valid username are
/// needed, the address is checked, and a username may appear once per file.
#[test]
fn managers_are_checked_like_the_account_form() {
    let mut head = header();
    head.extend(MANAGER_COLUMNS.map(String::from));
    let with = |number: &str, name: &str, username: &str, email: &str| {
        let mut r = row("LKSA Mawar", "35.20", number);
        r.extend([name, username, email].map(String::from));
        r
    };
    let rows = vec![
        head,
        with("TD-1", "Siti Rahayu", " Siti.Rahayu ", "siti@example.org"),
        with("TD-2", "", "", ""),
        with("TD-3", "", "budi", "budi@"),
        with("TD-4", "Budi", "budi santoso", ""),
        with("TD-5", "Ani", "siti.rahayu", ""),
    ];
    let checked = check_sheet(rows, &regencies(), anyone);
    let manager = checked.records[0].1.manager.clone().unwrap();
    assert_eq!(
        manager,
        ManagerRecord {
            full_name: "Siti Rahayu".into(),
            username: "siti.rahayu".into(),
            email: Some("siti@example.org".into())
        }
    );
    assert_eq!(checked.records[1].1.manager, None, "no manager named");
    assert_eq!(checked.records.len(), 2);
    let found: Vec<(Option<u32>, Option<&str>, ProblemKind)> =
        checked.problems.iter().map(|p| (p.row, p.column.as_deref(), p.kind)).collect();
    assert_eq!(
        found,
        vec![
            (Some(4), Some(MANAGER_NAME), ProblemKind::Required),
            (Some(4), Some(MANAGER_EMAIL), ProblemKind::BadEmail),
            (Some(5), Some(MANAGER_USERNAME), ProblemKind::BadUsername),
            (Some(6), Some(MANAGER_USERNAME), ProblemKind::DuplicateUsername),
        ]
    );
    // A file without the manager's columns is read as before.
    assert!(check_sheet(vec![header(), row("LKSA Mawar", "35.20", "TD-1")], &regencies(), anyone).problems.is_empty());
    assert_eq!(template_columns().len(), COLUMNS.len() + 3);
}
