//! Scores that lead to a chosen grade: final scores drawn around a percentage inside the
//! grade's band and checked with the scoring engine, self-scores a little optimistic, and a
//! second assessor who differs by one level now and then.

use crate::{Result, StoreError};
use domain::{Evaluation, Grade, Instrument, Score, Scores};
use rand::Rng;
use rand::rngs::StdRng;

/// An indicator as the generator needs it.
pub(super) struct Ind {
    pub(super) code: String,
    pub(super) component: usize,
    pub(super) weight: i64,
    pub(super) critical: bool,
    pub(super) photo: bool,
}

pub(super) fn indicators(instrument: &Instrument) -> Vec<Ind> {
    instrument
        .components
        .iter()
        .enumerate()
        .flat_map(|(k, c)| {
            c.indicators.iter().map(move |i| Ind {
                code: i.code.clone(),
                component: k,
                weight: i64::from(i.weight),
                critical: i.critical,
                photo: i.evidence.contains(&domain::EvidenceKind::Photo),
            })
        })
        .collect()
}

/// Scores averaging about `percent` of the maximum; critical indicators above 0 when asked.
pub(super) fn draw(rng: &mut StdRng, inds: &[Ind], percent: f64, no_critical_zero: bool) -> Vec<u8> {
    let base = 4.0 * percent / 100.0;
    inds.iter()
        .map(|i| {
            let noise = (rng.random::<f64>() + rng.random::<f64>() + rng.random::<f64>() - 1.5) * 0.9;
            let s = (base + noise).round().clamp(0.0, 4.0) as u8;
            if i.critical && no_critical_zero { s.max(1) } else { s }
        })
        .collect()
}

pub(super) fn as_scores(inds: &[Ind], values: &[u8]) -> Result<Scores> {
    inds.iter()
        .zip(values)
        .map(|(i, &v)| {
            let score = Score::parse(i64::from(v)).map_err(|e| StoreError::Corrupt(e.to_string()))?;
            Ok((i.code.clone(), score))
        })
        .collect()
}

/// The band of a grade in percent: from its threshold to the next one (exclusive).
fn band(instrument: &Instrument, grade: Grade) -> (f64, f64) {
    let g = &instrument.grading;
    match grade {
        Grade::A => (g.band_a, (g.band_a + 11.0).min(99.0)),
        Grade::B => (g.band_b, g.band_a),
        Grade::C => (g.band_c, g.band_b),
        Grade::NotAccredited => (30.0, g.band_c),
    }
}

/// Final scores the engine grades `grade`, with that evaluation: drawn again (nearer the band)
/// until the band and the gates agree.
pub(super) fn for_grade(
    rng: &mut StdRng,
    instrument: &Instrument,
    inds: &[Ind],
    grade: Grade,
) -> Result<(Vec<u8>, Evaluation)> {
    let (low, high) = band(instrument, grade);
    let mut percent = rng.random_range(low + 1.0..high - 0.5);
    for _ in 0..400 {
        let finals = draw(rng, inds, percent, grade > Grade::C);
        let evaluation =
            domain::evaluate(instrument, &as_scores(inds, &finals)?).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        match evaluation.grade.cmp(&grade) {
            std::cmp::Ordering::Equal => return Ok((finals, evaluation)),
            std::cmp::Ordering::Less => percent = (percent + 0.5).min(100.0),
            std::cmp::Ordering::Greater => percent = (percent - 0.5).max(0.0),
        }
    }
    Err(StoreError::Corrupt(format!("no scores found for grade {}", grade.code())))
}

/// Self-scores: mostly the final score, sometimes a level higher, rarely lower.
pub(super) fn optimistic(rng: &mut StdRng, finals: &[u8]) -> Vec<u8> {
    finals
        .iter()
        .map(|&f| match rng.random_range(0..100) {
            0..22 => (f + 1).min(4),
            22..27 => f.saturating_sub(1),
            _ => f,
        })
        .collect()
}

/// The second assessor: one level apart on about one indicator in seven.
pub(super) fn second_opinion(rng: &mut StdRng, finals: &[u8]) -> Vec<u8> {
    finals
        .iter()
        .map(|&f| match rng.random_range(0..14) {
            0 => (f + 1).min(4),
            1 => f.saturating_sub(1),
            _ => f,
        })
        .collect()
}

/// Per component: (code, self earned, self possible, final earned, final possible, percent
/// hundredths) as the reconciliation stores them. `selfs` are the answered self-scores.
pub(super) fn components(
    instrument: &Instrument,
    inds: &[Ind],
    selfs: &[Option<u8>],
    finals: &[u8],
    evaluation: &Evaluation,
) -> Vec<(String, [i64; 5])> {
    let mut sums = vec![[0i64; 4]; instrument.components.len()];
    for ((i, s), &f) in inds.iter().zip(selfs).zip(finals) {
        let sum = &mut sums[i.component];
        if let Some(s) = s {
            sum[0] += i64::from(*s) * i.weight;
            sum[1] += 4 * i.weight;
        }
        sum[2] += i64::from(f) * i.weight;
        sum[3] += 4 * i.weight;
    }
    instrument
        .components
        .iter()
        .zip(sums)
        .map(|(c, [se, sp, fe, fp])| {
            let percent =
                evaluation.components.iter().find(|r| r.code == c.code).map(|r| r.percent_hundredths).unwrap_or(0);
            (c.code.clone(), [se, sp, fe, fp, percent])
        })
        .collect()
}
