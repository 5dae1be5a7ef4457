//! The submission (with evidence and, for a returned cycle, the revision requests) and the
//! decision (with its certificate, appeal and notifications) of a generated cycle.

use super::{CAPTION, DAY, Gen, RETURN_REASON, Times};
use crate::national::bulk::row;
use crate::national::plan::Institution;
use crate::{Result, StoreError};
use domain::certificate::CertificateNumber;
use domain::{CycleState, Grade};
use rand::Rng;

impl Gen<'_> {
    pub(super) fn submitted(&mut self, i: &Institution, cycle: &str, state: CycleState, t: &Times) {
        let id = self.id();
        self.tables.submissions.row(row![id, cycle.to_string(), 1, &i.manager, "[]", "{}", t.m[1]]);
        for _ in 0..self.rng.random_range(2..=4) {
            let ind = self.rng.random_range(0..self.inds.len());
            let photo = self.inds[ind].photo;
            let candidates: Vec<usize> = (0..self.blobs.len()).filter(|&b| self.blobs[b].1 == photo).collect();
            let blob = self.blobs[candidates[self.rng.random_range(0..candidates.len())]].0.clone();
            let caption = CAPTION[self.rng.random_range(0..CAPTION.len())];
            let id = self.id();
            let kind = if photo { "photo" } else { "document" };
            let code = self.inds[ind].code.clone();
            self.tables.evidence.row(row![id, cycle.to_string(), code, kind, blob, caption, &i.manager, t.m[1] - DAY]);
        }
        if state == CycleState::Returned {
            let officer = self.officers[i.regency].clone();
            for _ in 0..self.rng.random_range(1..=3) {
                let id = self.id();
                let code = self.inds[self.rng.random_range(0..self.inds.len())].code.clone();
                self.tables.revisions.row(row![id, cycle.to_string(), 1, code, RETURN_REASON, &officer, t.entered]);
            }
        }
    }

    pub(super) fn decision(
        &mut self,
        i: &Institution,
        cycle: &str,
        state: CycleState,
        grade: Grade,
        t: &Times,
    ) -> Result<()> {
        let officer = self.officers[i.regency].clone();
        let decided_at = t.m[6];
        let id = self.id();
        self.tables.decisions.row(row![
            id,
            cycle.to_string(),
            "approve",
            grade.code(),
            "",
            &officer,
            &t.decided_on,
            decided_at
        ]);
        let valid = t.valid_until.clone().ok_or_else(|| StoreError::Corrupt("no validity".into()))?;
        let year: i64 = t.decided_on.get(..4).and_then(|y| y.parse().ok()).unwrap_or(2026);
        let regency = self.regency_ids[i.regency].clone();
        let seq = self.certificate_seq.entry((regency.clone(), year)).or_insert(0);
        *seq += 1;
        let seq = *seq;
        let number = CertificateNumber { seq: seq as u32, regency: regency.clone(), year: year as i32 }.to_string();
        let (id, code) = (self.id(), self.id());
        self.tables.certificates.row(row![
            id,
            cycle.to_string(),
            number,
            regency,
            year,
            seq,
            grade.code(),
            &t.decided_on,
            &valid,
            code,
            decided_at,
            &i.name,
        ]);
        let key = format!("decided/{cycle}/{}", self.id());
        self.notify(i, cycle, "decided", grade.code(), &key, decided_at);
        match state {
            CycleState::Decided => {
                self.decided += 1;
                if t.near_expiry {
                    let at = self.now - self.days(0, 3);
                    self.notify(i, cycle, "expiring", &valid, &format!("expiring/{cycle}/{valid}"), at);
                }
            }
            CycleState::Appealed => {
                let (id, filed_on) = (self.id(), super::date(t.entered));
                let reasons = "Kami keberatan dengan nilai komponen pengasuhan; bukti tambahan terlampir.";
                self.tables.appeals.row(row![id, cycle.to_string(), reasons, &i.manager, &filed_on, t.entered]);
                self.notify(i, cycle, "appeal_filed", &filed_on, &format!("appeal/{cycle}"), t.entered);
            }
            CycleState::Expired => {
                let on = super::date(t.entered);
                self.notify(i, cycle, "expired", &on, &format!("expired/{cycle}"), t.entered);
            }
            _ => {}
        }
        Ok(())
    }
}
