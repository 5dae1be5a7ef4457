//! The rows of one institution's cycles, from the self-assessment to the certificate.

use super::Generated;
use super::bulk::row;
use super::plan::{Institution, Plan, any_grade};
use super::scores::{Ind, components, draw, for_grade, indicators, optimistic, second_opinion};
use super::tables::Tables;
use crate::{Result, StoreError, json};
use domain::{CycleState, Grade, Instrument};
use rand::Rng;
use rand::rngs::StdRng;
use sha2::{Digest, Sha256};
use std::collections::HashMap;

mod steps;

const DAY: i64 = 86_400;

const NARRATIVE: [&str; 5] = [
    "Belum ada; akan disusun tahun ini.",
    "Masih direncanakan; belum ada dokumen.",
    "Sudah dimulai tetapi belum konsisten; dokumen sebagian.",
    "Sudah berjalan dan terdokumentasi; evaluasi belum rutin.",
    "Sudah berjalan, terdokumentasi, dan dievaluasi setiap tahun.",
];
const CAPTION: &[&str] =
    &["Dokumen pendukung", "Foto kegiatan anak", "Salinan SK pengurus", "Foto ruang tidur", "Daftar hadir rapat"];
const RETURN_REASON: &str = "Bukti belum dilampirkan atau tidak terbaca; mohon dilengkapi.";

/// Milestones of a cycle: created, submitted, accepted, assessors assigned, visited,
/// reconciled, decided (unix seconds); later ones equal the last one reached.
struct Times {
    m: [i64; 7],
    entered: i64,
    visit_on: Option<String>,
    decided_on: String,
    valid_until: Option<String>,
    near_expiry: bool,
}

fn rank(state: CycleState) -> usize {
    use CycleState::*;
    match state {
        Draft => 0,
        Submitted | Returned => 1,
        Accepted => 2,
        AssessorsAssigned => 3,
        Visited => 4,
        Reconciled => 5,
        Decided | Appealed | Expired => 6,
    }
}

fn date(t: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(t).map(|d| d.date().to_string()).unwrap_or_default()
}

fn day_start(iso: &str) -> Option<i64> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(iso, &format).ok().map(|d| d.midnight().assume_utc().unix_timestamp())
}

pub(super) struct Gen<'a> {
    rng: StdRng,
    instrument: &'a Instrument,
    version: String,
    inds: Vec<Ind>,
    now: i64,
    pub(super) tables: Tables,
    assessors: Vec<String>,
    supervisors: Vec<String>,
    officers: Vec<String>,
    regency_ids: Vec<String>,
    certificate_seq: HashMap<(String, i64), i64>,
    /// (sha256, is a photo) of the few files all evidence rows share.
    blobs: Vec<(String, bool)>,
    cycles: usize,
    decided: usize,
    score_rows: usize,
}

impl<'a> Gen<'a> {
    pub(super) fn new(
        rng: StdRng,
        instrument: &'a Instrument,
        version: &str,
        now: i64,
        plan: &Plan,
        regencies: &[(String, String, String)],
    ) -> Gen<'a> {
        let mut tables = Tables::new();
        let blobs: Vec<(String, bool)> = (0..8)
            .map(|k| (hex::encode(Sha256::digest(format!("lksa-national-evidence-{k}").as_bytes())), k % 2 == 0))
            .collect();
        for (k, (sha, photo)) in blobs.iter().enumerate() {
            let (kind, w, h) = if *photo { ("image/jpeg", 1600, 1200) } else { ("application/pdf", 0, 0) };
            tables.blobs.row(row![sha, kind, 180_000 + 7_919 * k as i64, w, h, now - 400 * DAY]);
        }
        Gen {
            rng,
            instrument,
            version: version.to_string(),
            inds: indicators(instrument),
            now,
            tables,
            assessors: plan.assessors.clone(),
            supervisors: plan.supervisors.clone(),
            officers: plan.officers.clone(),
            regency_ids: regencies.iter().map(|r| r.0.clone()).collect(),
            certificate_seq: HashMap::new(),
            blobs,
            cycles: 0,
            decided: 0,
            score_rows: 0,
        }
    }

    /// Certificate numbers continue after those already issued (demo data).
    pub(super) fn known_certificates(&mut self, last: Vec<(String, i64, i64)>) {
        for (regency, year, seq) in last {
            self.certificate_seq.insert((regency, year), seq);
        }
    }

    pub(super) fn generated(&self) -> Generated {
        Generated {
            cycles: self.cycles,
            score_rows: self.score_rows,
            decided: self.decided,
            certificates: self.tables.certificates.written,
            evidence: self.tables.evidence.written,
            notifications: self.tables.notifications.written,
            ..Generated::default()
        }
    }

    fn id(&mut self) -> String {
        super::plan::id(&mut self.rng)
    }

    fn days(&mut self, low: i64, high: i64) -> i64 {
        self.rng.random_range(low..=high) * DAY + self.rng.random_range(0..DAY / 3)
    }

    fn years(&self, grade: Grade) -> i64 {
        i64::from(self.instrument.validity_years.for_grade(grade).unwrap_or(2))
    }

    /// The earlier milestones, walking back from the `rank`-th at `top`.
    fn chain(&mut self, rank: usize, top: i64) -> [i64; 7] {
        const GAPS: [(i64, i64); 6] = [(20, 60), (3, 20), (5, 30), (7, 40), (2, 14), (3, 21)];
        let mut m = [top; 7];
        for k in (0..rank.min(6)).rev() {
            m[k] = m[k + 1] - self.days(GAPS[k].0, GAPS[k].1);
        }
        m
    }

    fn decided_times(&mut self, decided: i64, grade: Grade, near_expiry: bool) -> Times {
        let m = self.chain(6, decided);
        let decided_on = date(decided);
        let valid_until = domain::certificate::valid_until(&decided_on, grade, &self.instrument.validity_years);
        Times { m, entered: decided, visit_on: Some(date(m[4])), decided_on, valid_until, near_expiry }
    }

    /// A cycle whose validity ended around `until`.
    fn expired_times(&mut self, grade: Grade, until: i64) -> Result<Times> {
        let decided = until - self.years(grade) * 365 * DAY;
        let mut t = self.decided_times(decided, grade, false);
        let end = t.valid_until.as_deref().and_then(day_start);
        t.entered = end.ok_or_else(|| StoreError::Corrupt("validity date".into()))? + DAY + 7 * 3600;
        Ok(t)
    }

    fn times(&mut self, state: CycleState, grade: Option<Grade>) -> Result<Times> {
        let grade = grade.unwrap_or(Grade::C);
        Ok(match state {
            CycleState::Decided => {
                let years = self.years(grade);
                let near = self.rng.random_range(0..1000) < 25;
                let left = if near { self.days(5, 180) } else { self.days(190, years * 365 - 14) };
                let decided = self.now + left - years * 365 * DAY - DAY / 2;
                self.decided_times(decided, grade, near)
            }
            CycleState::Appealed => {
                let entered = self.now - self.days(1, 20);
                let decided = entered - self.days(1, 14);
                Times { entered, ..self.decided_times(decided, grade, false) }
            }
            CycleState::Expired => {
                let until = self.now - self.days(3, 400);
                self.expired_times(grade, until)?
            }
            _ => {
                let entered = self.now - self.days(1, 200);
                let top = if state == CycleState::Returned { entered - self.days(2, 14) } else { entered };
                let r = rank(state);
                let m = self.chain(r, top);
                let visit_on = match r {
                    3 => Some(date(self.now + self.days(3, 60))),
                    4.. => Some(date(m[4])),
                    _ => None,
                };
                Times { m, entered, visit_on, decided_on: String::new(), valid_until: None, near_expiry: false }
            }
        })
    }

    /// Everything of one institution: its current cycle and, for some accredited ones, the
    /// expired cycle before it.
    pub(super) fn institution(&mut self, i: &Institution) -> Result<()> {
        let Some(state) = i.fate.state else { return Ok(()) };
        let current = self.times(state, i.fate.grade)?;
        if state == CycleState::Decided && self.rng.random_range(0..100) < 20 {
            let grade = any_grade(&mut self.rng);
            let until = current.m[0] - self.days(0, 90);
            let old = self.expired_times(grade, until)?;
            self.cycle(i, CycleState::Expired, Some(grade), &old)?;
        }
        self.cycle(i, state, i.fate.grade, &current)
    }

    fn notify(&mut self, i: &Institution, cycle: &str, kind: &'static str, detail: &str, key: &str, at: i64) {
        let regency = self.regency_ids[i.regency].clone();
        for (recipient_kind, recipient) in [("institution", &i.id), ("regency", &regency)] {
            let id = self.id();
            self.tables.notifications.row(row![
                id,
                recipient_kind,
                recipient,
                kind,
                cycle.to_string(),
                detail.to_string(),
                format!("{recipient_kind}/{key}"),
                at,
            ]);
        }
    }

    fn cycle(&mut self, i: &Institution, state: CycleState, grade: Option<Grade>, t: &Times) -> Result<()> {
        let id = self.id();
        let r = rank(state);
        let decided = r >= 6;
        let grade_code = grade.filter(|_| decided).map(|g| g.code());
        let valid_until = t.valid_until.clone().filter(|_| decided);
        self.tables.cycles.row(row![
            &id,
            &i.id,
            &self.version,
            state.code(),
            grade_code,
            t.visit_on.clone(),
            valid_until.clone(),
            t.m[0],
            t.entered,
            t.entered,
        ]);
        self.cycles += 1;
        let (finals, evaluation) = if r >= 5 {
            let grade = grade.ok_or_else(|| StoreError::Corrupt("reconciled cycle without a grade".into()))?;
            let (finals, evaluation) = for_grade(&mut self.rng, self.instrument, &self.inds, grade)?;
            (finals, Some(evaluation))
        } else {
            let percent = self.rng.random_range(45.0..95.0);
            (draw(&mut self.rng, &self.inds, percent, false), None)
        };
        let fill = if r == 0 { self.rng.random_range(10..90) } else { 100 };
        let selfs: Vec<Option<u8>> = optimistic(&mut self.rng, &finals)
            .into_iter()
            .map(|s| (self.rng.random_range(0..100) < fill).then_some(s))
            .collect();
        let answered = if r == 0 { t.entered } else { t.m[1] - 3600 };
        let revision = if state == CycleState::Returned { 2 } else { 1 };
        for (ind, s) in self.inds.iter().zip(&selfs) {
            if let Some(s) = s {
                self.tables.answers.row(row![
                    &id,
                    &ind.code,
                    i64::from(*s),
                    NARRATIVE[usize::from(*s)],
                    revision,
                    &i.manager,
                    t.m[0],
                    answered,
                ]);
                self.score_rows += 1;
            }
        }
        if r >= 1 {
            self.submitted(i, &id, state, t);
        }
        if r >= 3 {
            let first = self.rng.random_range(0..self.assessors.len());
            let second = (first + self.rng.random_range(1..self.assessors.len())) % self.assessors.len();
            let supervisor = self.supervisors[self.rng.random_range(0..self.supervisors.len())].clone();
            let (a1, a2) = (self.assessors[first].clone(), self.assessors[second].clone());
            for (user, duty) in [(&a1, "assessor"), (&a2, "assessor"), (&supervisor, "supervisor")] {
                self.tables.assignments.row(row![&id, user, duty, t.m[3]]);
            }
            if r >= 4 {
                let other = second_opinion(&mut self.rng, &finals);
                for (assessor, scores) in [(&a1, &finals), (&a2, &other)] {
                    for (ind, s) in self.inds.iter().zip(scores.iter()) {
                        self.tables.visit_scores.row(row![&id, assessor, &ind.code, i64::from(*s), "", false, t.m[4]]);
                    }
                    self.tables.visit_submissions.row(row![&id, assessor, t.m[4]]);
                    self.score_rows += self.inds.len();
                }
            }
            if let Some(evaluation) = &evaluation {
                for (ind, s) in self.inds.iter().zip(&finals) {
                    self.tables.final_scores.row(row![&id, &ind.code, i64::from(*s), "", &supervisor, t.m[5]]);
                }
                self.score_rows += self.inds.len();
                self.tables.results.row(row![
                    &id,
                    json(evaluation)?,
                    evaluation.total_hundredths,
                    evaluation.grade.code(),
                    &supervisor,
                    t.m[5],
                ]);
                for (code, [se, sp, fe, fp, pct]) in
                    components(self.instrument, &self.inds, &selfs, &finals, evaluation)
                {
                    self.tables.components.row(row![&id, code, se, sp, fe, fp, pct]);
                }
            }
        }
        if decided {
            let grade = grade.ok_or_else(|| StoreError::Corrupt("decided cycle without a grade".into()))?;
            self.decision(i, &id, state, grade, t)?;
        }
        Ok(())
    }
}
