use super::*;
use crate::instrument::fixtures::instrument;
use proptest::prelude::*;

fn all(i: &Instrument, level: u8) -> Scores {
    i.indicators().map(|(_, ind)| (ind.code.clone(), Score::parse(level.into()).unwrap())).collect()
}

fn s(v: u8) -> Score {
    Score::parse(v.into()).unwrap()
}

#[test]
fn score_parse_rejects_outside_rubric() {
    assert!(Score::parse(-1).is_err());
    assert!(Score::parse(5).is_err());
    assert_eq!(Score::parse(4).unwrap().value(), 4);
    assert!(serde_json_like_roundtrip());
}

fn serde_json_like_roundtrip() -> bool {
    // Score deserializes through TryFrom<u8>, so bad input from a client is refused.
    Score::try_from(9u8).is_err() && Score::try_from(3u8).is_ok()
}

#[test]
fn all_fours_is_a_hundred_percent_grade_a() {
    let i = instrument(&[("PR", 15, &[(1, false), (2, true)]), ("PP", 85, &[(3, false)])]);
    let e = evaluate(&i, &all(&i, 4)).unwrap();
    assert_eq!(e.total_hundredths, 10_000);
    assert_eq!(e.grade, Grade::A);
    assert!(e.components.iter().all(|c| c.percent_hundredths == 10_000));
    assert_eq!(e.findings.len(), 1);
}

#[test]
fn weights_change_the_component_percentage() {
    // Weight 3 scored 4 and weight 1 scored 0: (4×3 + 0×1) / (4×4) = 75 %.
    let i = instrument(&[("PR", 100, &[(3, false), (1, false)])]);
    let mut sc = Scores::new();
    sc.insert("PR.1.01".into(), s(4));
    sc.insert("PR.1.02".into(), s(0));
    let e = evaluate(&i, &sc).unwrap();
    assert_eq!(e.components[0].percent_hundredths, 7500);
    // Swapped: (0×3 + 4×1) / 16 = 25 %.
    sc.insert("PR.1.01".into(), s(0));
    sc.insert("PR.1.02".into(), s(4));
    assert_eq!(evaluate(&i, &sc).unwrap().components[0].percent_hundredths, 2500);
}

#[test]
fn component_weights_combine_into_the_total() {
    // PR (weight 30) at 100 %, PP (weight 70) at 50 % → 30 + 35 = 65 %.
    let i = instrument(&[("PR", 30, &[(1, false)]), ("PP", 70, &[(1, false)])]);
    let mut sc = Scores::new();
    sc.insert("PR.1.01".into(), s(4));
    sc.insert("PP.1.01".into(), s(2));
    let e = evaluate(&i, &sc).unwrap();
    assert_eq!(e.total_hundredths, 6500);
    assert_eq!(e.grade, Grade::C);
}

/// 50 indicators of weight 1 in one component: each point is 0.5 %.
fn fifty() -> Instrument {
    let inds = vec![(1u8, false); 50];
    instrument(&[("PR", 100, &inds)])
}

fn with_points(i: &Instrument, points: u32) -> Scores {
    let mut left = points;
    i.indicators()
        .map(|(_, ind)| {
            let v = left.min(4);
            left -= v;
            (ind.code.clone(), s(v as u8))
        })
        .collect()
}

#[test]
fn band_edges_through_the_whole_engine() {
    let i = fifty();
    let at = |p| evaluate(&i, &with_points(&i, p)).unwrap();
    assert_eq!((at(172).total_hundredths, at(172).grade), (8600, Grade::A));
    assert_eq!((at(171).total_hundredths, at(171).grade), (8550, Grade::B));
    assert_eq!((at(142).total_hundredths, at(142).grade), (7100, Grade::B));
    assert_eq!((at(141).total_hundredths, at(141).grade), (7050, Grade::C));
    assert_eq!((at(112).total_hundredths, at(112).grade), (5600, Grade::C));
    assert_eq!((at(111).total_hundredths, at(111).grade), (5550, Grade::NotAccredited));
}

#[test]
fn total_is_rounded_to_hundredths_before_banding() {
    // Three weight-1 indicators, 10 of 12 points → 83.333… % → 83.33.
    let i = instrument(&[("PR", 100, &[(1, false), (1, false), (1, false)])]);
    let e = evaluate(&i, &with_points(&i, 10)).unwrap();
    assert_eq!(e.total_hundredths, 8333);
    assert_eq!(pct(e.total_hundredths), "83.33 %");
}

#[test]
fn critical_zero_caps_an_a_at_c() {
    let mut inds = vec![(1u8, false); 30];
    inds.push((3, true));
    let i = instrument(&[("PR", 100, &inds)]);
    let mut sc = all(&i, 4);
    sc.insert("PR.1.31".into(), s(0));
    let e = evaluate(&i, &sc).unwrap();
    assert_eq!(e.band_grade, Grade::A, "total alone would be A");
    assert_eq!(e.grade, Grade::C);
    assert!(e.findings.contains(&Finding::CriticalZero { indicators: vec!["PR.1.31".into()], cap: Grade::C }));
    // A critical indicator scored 1 triggers nothing.
    sc.insert("PR.1.31".into(), s(1));
    assert_eq!(evaluate(&i, &sc).unwrap().grade, Grade::A);
}

#[test]
fn a_component_below_forty_percent_caps_at_c() {
    // HP weight 10 at 25 %, others perfect: total = 90 + 2.5 = 92.5 → A, capped to C.
    let i = instrument(&[("PR", 90, &[(1, false)]), ("HP", 10, &[(1, false)])]);
    let mut sc = all(&i, 4);
    sc.insert("HP.1.01".into(), s(1));
    let e = evaluate(&i, &sc).unwrap();
    assert_eq!(e.total_hundredths, 9250);
    assert_eq!(e.band_grade, Grade::A);
    assert_eq!(e.grade, Grade::C);
    assert!(
        matches!(&e.findings[1], Finding::ComponentBelowFloor { component, percent_hundredths: 2500, .. } if component == "HP")
    );
    // Exactly 40 % is not below the floor: 2 of 5 indicators at 4, rest 0 → 8/20.
    let i = instrument(&[("PR", 90, &[(1, false)]), ("HP", 10, &[(1, false); 5])]);
    let mut sc = all(&i, 4);
    for code in ["HP.1.03", "HP.1.04", "HP.1.05"] {
        sc.insert(code.into(), s(0));
    }
    let e = evaluate(&i, &sc).unwrap();
    assert_eq!(e.components[1].percent_hundredths, 4000);
    assert_eq!(e.grade, Grade::A);
}

#[test]
fn gates_never_raise_a_not_accredited_result() {
    let i = instrument(&[("PR", 100, &[(1, false), (3, true)])]);
    let e = evaluate(&i, &all(&i, 0)).unwrap();
    assert_eq!(e.grade, Grade::NotAccredited);
    assert_eq!(e.findings.len(), 3, "band, critical gate and floor gate are all explained");
    assert!(e.findings[0].to_string().contains("below every band"));
}

#[test]
fn missing_and_unknown_scores_are_errors() {
    let i = instrument(&[("PR", 50, &[(1, false)]), ("SP", 50, &[(1, false)])]);
    let mut sc = Scores::new();
    sc.insert("PR.1.01".into(), s(3));
    assert_eq!(evaluate(&i, &sc), Err(ScoringError::Missing(vec!["SP.1.01".into()])));
    sc.insert("SP.1.01".into(), s(3));
    sc.insert("XX.9.99".into(), s(3));
    assert_eq!(evaluate(&i, &sc), Err(ScoringError::UnknownIndicator("XX.9.99".into())));
}

#[test]
fn scores_for_an_instrument_missing_a_component_cannot_be_complete() {
    // Scores gathered for a two-component instrument do not cover a third component.
    let small = instrument(&[("PR", 50, &[(1, false)]), ("SP", 50, &[(1, false)])]);
    let full = instrument(&[("PR", 40, &[(1, false)]), ("SP", 40, &[(1, false)]), ("HP", 20, &[(2, false)])]);
    assert_eq!(evaluate(&full, &all(&small, 4)), Err(ScoringError::Missing(vec!["HP.1.01".into()])));
}

proptest! {
    #[test]
    fn total_stays_within_0_and_100_and_grade_never_beats_its_band(
        levels in proptest::collection::vec(0u8..=4, 9),
        weights in proptest::collection::vec(1u8..=3, 9),
        critical in proptest::collection::vec(any::<bool>(), 9),
    ) {
        let spec: Vec<(u8, bool)> = weights.iter().copied().zip(critical.iter().copied()).collect();
        let i = instrument(&[("PR", 15, &spec[0..3]), ("PP", 30, &spec[3..6]), ("HP", 55, &spec[6..9])]);
        let sc: Scores = i.indicators().zip(&levels).map(|((_, ind), l)| (ind.code.clone(), s(*l))).collect();
        let e = evaluate(&i, &sc).unwrap();
        prop_assert!((0..=10_000).contains(&e.total_hundredths));
        prop_assert!(e.grade <= e.band_grade);
        prop_assert_eq!(e.band_grade, i.grading.band_for(e.total_hundredths));
        prop_assert_eq!(e.grade < e.band_grade, e.findings.len() > 1 && e.band_grade > Grade::C);
    }

    #[test]
    fn raising_one_score_never_lowers_the_total(
        levels in proptest::collection::vec(0u8..=3, 6),
        which in 0usize..6,
    ) {
        let i = instrument(&[("PR", 40, &[(1, false), (2, false), (3, false)]), ("SP", 60, &[(1, false), (2, false), (3, false)])]);
        let codes: Vec<String> = i.indicators().map(|(_, ind)| ind.code.clone()).collect();
        let mut sc: Scores = codes.iter().zip(&levels).map(|(c, l)| (c.clone(), s(*l))).collect();
        let before = evaluate(&i, &sc).unwrap().total_hundredths;
        sc.insert(codes[which].clone(), s(levels[which] + 1));
        let after = evaluate(&i, &sc).unwrap().total_hundredths;
        prop_assert!(after > before);
    }
}
