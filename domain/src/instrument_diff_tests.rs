use super::*;
use crate::instrument::fixtures::instrument;

fn versions() -> (Instrument, Instrument) {
    let old = instrument(&[("PR", 40, &[(1, false), (2, false), (3, true)]), ("SP", 60, &[(1, false), (2, false)])]);
    let mut new = old.clone();
    new.version = "2".into();
    new.components[0].indicators[0].text.push_str(" (diubah)");
    new.components[0].indicators[1].weight = 3;
    new.components[0].indicators[2].descriptors = (0..5).map(|n| format!("Khusus {n}")).collect();
    let mut added = new.components[1].indicators[1].clone();
    added.code = "SP.1.09".into();
    new.components[1].indicators.remove(1);
    new.components[1].indicators.push(added);
    (old, new)
}

#[test]
fn the_diff_names_every_kind_of_change() {
    let (old, new) = versions();
    let d = diff(&old, &new);
    assert_eq!(
        d.indicators,
        vec![
            IndicatorChange::Changed { code: "PR.1.01".into(), aspects: vec![Aspect::Wording] },
            IndicatorChange::Changed { code: "PR.1.02".into(), aspects: vec![Aspect::Weight { from: 2, to: 3 }] },
            IndicatorChange::Changed { code: "PR.1.03".into(), aspects: vec![Aspect::Rubric] },
            IndicatorChange::Added { code: "SP.1.09".into() },
            IndicatorChange::Removed { code: "SP.1.02".into() },
        ]
    );
    assert!(!d.grading_changed);
    assert!(d.component_weights.is_empty());
    assert!(diff(&old, &old).is_empty(), "a version compared with itself has no changes");
}

#[test]
fn component_weights_grading_and_moves_are_seen() {
    let (old, mut new) = versions();
    new.components[0].weight = 30;
    new.components[1].weight = 70;
    new.grading.band_a = 90.0;
    let moved = new.components[0].indicators.remove(0);
    new.components[1].indicators.push(moved);
    let d = diff(&old, &new);
    assert_eq!(d.component_weights, vec![("PR".into(), 40, 30), ("SP".into(), 60, 70)]);
    assert!(d.grading_changed);
    assert_eq!(
        d.find("PR.1.01"),
        Some(&IndicatorChange::Changed { code: "PR.1.01".into(), aspects: vec![Aspect::Wording, Aspect::Component] })
    );
}

#[test]
fn a_plan_refuses_rules_that_cannot_be_applied() {
    let (old, new) = versions();
    let d = diff(&old, &new);
    let one = |code: &str, rule: Rule| BTreeMap::from([(code.to_string(), rule)]);
    assert_eq!(plan(&d, &one("PR.1.04", Rule::Keep)), Err(PlanError::NoChange("PR.1.04".into())));
    assert_eq!(plan(&d, &one("SP.1.09", Rule::Reset)), Err(PlanError::NoChange("SP.1.09".into())));
    assert_eq!(plan(&d, &one("SP.1.02", Rule::Keep)), Err(PlanError::KeepRemoved("SP.1.02".into())));
    assert_eq!(plan(&d, &one("PR.1.01", Rule::Map("SP.1.09".into()))), Err(PlanError::MapChanged("PR.1.01".into())));
    assert!(matches!(plan(&d, &one("SP.1.02", Rule::Map("PR.1.01".into()))), Err(PlanError::MapTarget { .. })));
    let full = plan(&d, &BTreeMap::new()).unwrap();
    assert_eq!(full.get("PR.1.01"), Some(&Rule::Keep));
    assert_eq!(full.get("SP.1.02"), Some(&Rule::Reset));
    assert_eq!(full.get("SP.1.09"), None, "a new indicator has nothing to migrate");
}

#[test]
fn a_migration_reports_what_each_institution_must_do() {
    let (old, new) = versions();
    let d = diff(&old, &new);
    let answers = BTreeMap::from([
        ("PR.1.01".to_string(), Some(3)),
        ("PR.1.02".to_string(), Some(2)),
        ("PR.1.03".to_string(), Some(4)),
        ("SP.1.02".to_string(), Some(1)),
    ]);
    let chosen = BTreeMap::from([("PR.1.03".to_string(), Rule::Reset)]);
    let report = migrate(&d, &plan(&d, &chosen).unwrap(), &answers);
    assert_eq!(
        report,
        vec![
            Moved::Recheck { code: "PR.1.01".into(), aspects: vec![Aspect::Wording], score: Some(3) },
            Moved::Rescore { code: "PR.1.03".into(), previous: 4 },
            Moved::New { code: "SP.1.09".into() },
            Moved::Withdrawn { code: "SP.1.02".into(), previous: Some(1) },
        ],
        "a weight change alone asks nothing of the institution"
    );

    let mapping = BTreeMap::from([("SP.1.02".to_string(), Rule::Map("SP.1.09".into()))]);
    let report = migrate(&d, &plan(&d, &mapping).unwrap(), &answers);
    assert!(report.contains(&Moved::Mapped { from: "SP.1.02".into(), to: "SP.1.09".into(), score: Some(1) }));
    assert!(!report.iter().any(|m| matches!(m, Moved::New { .. })), "the mapped target is answered");

    let untouched = migrate(&d, &plan(&d, &mapping).unwrap(), &BTreeMap::new());
    assert_eq!(untouched, vec![Moved::New { code: "SP.1.09".into() }], "an empty draft only learns of the new one");
}
