//! Drives a demo cycle from draft to its demo state through the store's workflow functions,
//! the ones the web app calls, each by a person allowed to take the step: the self-assessment
//! with its evidence files and the completeness check, intake, assignment, both assessors'
//! visit, the reconciliation with its rules, and the decision with its certificate. A step the
//! workflow refuses stops the seed with [`StoreError::Corrupt`].

use super::files::{DemoFile, Files};
use super::scores::{self, level};
use crate::decision::DecideOutcome;
use crate::evidence::NewEvidence;
use crate::intake::{AssignOutcome, Assignment};
use crate::reconcile::ReconcileOutcome;
use crate::self_assessment::{AnswerInput, SaveOutcome, SubmitOutcome};
use crate::visit::{SyncOutcome, VisitSubmitOutcome};
use crate::{Result, Store, StoreError, new_id};
use domain::decision::Decision;
use domain::reconcile::FinalScore;
use domain::self_assessment::requires_upload;
use domain::visit::VisitChange;
use domain::{CycleState, Evaluation, Grade, Indicator, Instrument};

/// Who takes each step of one cycle (user ids).
pub(super) struct Cast<'a> {
    /// Fills in and submits the self-assessment.
    pub institution: &'a str,
    /// Checks the submission, assigns the visit team and decides.
    pub officer: &'a str,
    pub lead: &'a str,
    pub second: &'a str,
    /// Reconciles; without one, the lead assessor does.
    pub supervisor: Option<&'a str>,
}

/// Where one cycle goes.
pub(super) struct Plan<'a> {
    /// The institution's position in the demo table: varies the scores.
    pub seed: usize,
    pub target: CycleState,
    pub visit_on: &'a str,
    /// Decided cycles: the grade (the visit's scores must lead to it), the decree and the day.
    pub decision: Option<(Grade, String, &'a str)>,
}

/// The states a demo cycle can be left in, in workflow order.
const PATH: [CycleState; 6] = [
    CycleState::Draft,
    CycleState::Submitted,
    CycleState::Accepted,
    CycleState::AssessorsAssigned,
    CycleState::Reconciled,
    CycleState::Decided,
];

fn refused(step: &str, cycle: &str, why: impl std::fmt::Debug) -> StoreError {
    StoreError::Corrupt(format!("demo cycle {cycle}: {step} refused: {why:?}"))
}

pub(super) struct Flow<'a> {
    pub store: &'a Store,
    pub instrument: &'a Instrument,
    pub files: &'a Files,
}

impl Flow<'_> {
    /// Takes a draft cycle along the workflow to `plan.target`.
    pub async fn drive(&self, cycle: &str, cast: &Cast<'_>, plan: &Plan<'_>) -> Result<()> {
        let reach = PATH
            .iter()
            .position(|s| *s == plan.target)
            .ok_or_else(|| StoreError::Corrupt(format!("no demo path to {:?}", plan.target)))?;
        let reaches = |state: CycleState| PATH.iter().position(|s| *s == state).is_some_and(|p| p <= reach);
        if reaches(CycleState::Submitted) {
            self.self_assessment(cycle, cast.institution, plan.seed).await?;
        }
        if reaches(CycleState::Accepted) && !crate::intake::accept(self.store, cast.officer, cycle).await? {
            return Err(refused("accept", cycle, "not waiting for the check"));
        }
        if reaches(CycleState::AssessorsAssigned) {
            let team = Assignment {
                lead: cast.lead,
                second: cast.second,
                supervisor: cast.supervisor,
                visit_on: plan.visit_on,
            };
            match crate::intake::assign(self.store, cast.officer, cycle, &team).await? {
                AssignOutcome::Assigned => {}
                other => return Err(refused("assign", cycle, other)),
            }
        }
        if reaches(CycleState::Reconciled) {
            let aim = plan.decision.as_ref().map_or(Grade::B, |d| d.0);
            self.visit(cycle, cast, plan.seed, aim).await?;
            let evaluation = self.reconcile(cycle, cast.supervisor.unwrap_or(cast.lead), plan.seed, aim).await?;
            if let Some((grade, ..)) = &plan.decision
                && evaluation.grade != *grade
            {
                return Err(StoreError::Corrupt(format!(
                    "demo cycle {cycle}: the visit's scores give grade {}, the demo table says {}",
                    evaluation.grade.code(),
                    grade.code()
                )));
            }
        }
        if reaches(CycleState::Decided) {
            let (grade, decree, on) =
                plan.decision.as_ref().ok_or_else(|| refused("decide", cycle, "no decision in the demo table"))?;
            self.decide(cycle, cast.officer, *grade, decree, on).await?;
        }
        let state = crate::cycles::get(self.store, cycle).await?.map(|c| c.state);
        if state.as_deref() != Some(plan.target.code()) {
            return Err(StoreError::Corrupt(format!("demo cycle {cycle} ended in {state:?}, not {:?}", plan.target)));
        }
        Ok(())
    }

    /// Every indicator answered, the required evidence attached, and the self-assessment submitted.
    async fn self_assessment(&self, cycle: &str, by: &str, seed: usize) -> Result<()> {
        for (k, (_, indicator)) in self.instrument.indicators().enumerate() {
            let score = scores::self_score(seed, k);
            let answer = AnswerInput {
                change_id: new_id(),
                indicator_code: indicator.code.clone(),
                base_revision: 0,
                self_score: Some(level(score)?),
                narrative: scores::narrative(score).into(),
            };
            match crate::self_assessment::save_answer(self.store, by, cycle, &answer).await? {
                SaveOutcome::Saved { .. } => {}
                other => return Err(refused("save_answer", cycle, other)),
            }
        }
        // The upload route's check, once: nothing changes the cycle's state in between.
        let editable = crate::self_assessment::editable(self.store, cycle).await?;
        for (_, indicator) in self.instrument.indicators().filter(|(_, i)| requires_upload(i)) {
            if !editable.allows(&indicator.code) {
                return Err(refused("upload", cycle, "the self-assessment is locked"));
            }
            for file in self.files.for_indicator(indicator) {
                self.upload(cycle, indicator, file, by).await?;
            }
        }
        match crate::self_assessment::submit(self.store, by, cycle, self.instrument).await? {
            SubmitOutcome::Submitted { .. } => Ok(()),
            other => Err(refused("submit", cycle, other)),
        }
    }

    /// Records one evidence file as the upload route does (its blob is already written).
    async fn upload(&self, cycle: &str, indicator: &Indicator, file: &DemoFile, by: &str) -> Result<()> {
        let caption: String = match indicator.evidence_hint.trim() {
            "" => "Contoh berkas data demo".into(),
            hint => hint.chars().take(500).collect(),
        };
        let id = new_id();
        let evidence = NewEvidence {
            id: &id,
            cycle_id: cycle,
            indicator_code: &indicator.code,
            kind: file.kind,
            blob: file.blob(),
            caption: &caption,
            uploaded_by: by,
        };
        match crate::evidence::add(self.store, evidence).await? {
            Some(_) => Ok(()),
            None => Err(refused("upload", cycle, "the id is taken")),
        }
    }

    /// Both assessors score every indicator (one sync each, as a tablet sends them) and submit.
    async fn visit(&self, cycle: &str, cast: &Cast<'_>, seed: usize, aim: Grade) -> Result<()> {
        for (n, assessor) in [cast.lead, cast.second].into_iter().enumerate() {
            let mut changes = Vec::with_capacity(self.instrument.indicator_count());
            for (k, (_, indicator)) in self.instrument.indicators().enumerate() {
                let s = scores::visit(aim, seed, k);
                let (score, note) = if n == 0 { (s.first, s.first_note) } else { (s.second, s.second_note) };
                changes.push(VisitChange {
                    change_id: new_id(),
                    code: indicator.code.clone(),
                    score: Some(level(score)?),
                    note: note.into(),
                    check_on_site: false,
                });
            }
            match crate::visit::sync(self.store, assessor, cycle, self.instrument, &changes).await? {
                SyncOutcome::Stored { applied, duplicates: 0 } if applied.len() == changes.len() => {}
                other => return Err(refused("visit sync", cycle, other)),
            }
        }
        for (n, assessor) in [cast.lead, cast.second].into_iter().enumerate() {
            match crate::visit::submit(self.store, assessor, cycle, self.instrument).await? {
                VisitSubmitOutcome::Submitted { visit_complete } if visit_complete == (n == 1) => {}
                other => return Err(refused("visit submit", cycle, other)),
            }
        }
        Ok(())
    }

    /// A final score per indicator, with the reasons the domain asks for.
    async fn reconcile(&self, cycle: &str, by: &str, seed: usize, aim: Grade) -> Result<Evaluation> {
        let mut finals = Vec::with_capacity(self.instrument.indicator_count());
        for (k, (_, indicator)) in self.instrument.indicators().enumerate() {
            let s = scores::visit(aim, seed, k);
            finals.push(FinalScore { code: indicator.code.clone(), score: level(s.last)?, reason: s.reason.into() });
        }
        match crate::reconcile::reconcile(self.store, by, cycle, self.instrument, &finals).await? {
            ReconcileOutcome::Reconciled(evaluation) => Ok(*evaluation),
            other => Err(refused("reconcile", cycle, other)),
        }
    }

    /// Approves the recommended grade under `decree`; the certificate follows.
    async fn decide(&self, cycle: &str, by: &str, grade: Grade, decree: &str, on: &str) -> Result<()> {
        let decision = Decision::approve(decree);
        decision.validate().map_err(|e| refused("decide", cycle, e))?;
        match crate::decision::decide(self.store, by, cycle, &decision, on, self.instrument).await? {
            DecideOutcome::Decided { grade: given, certificate: Some(_) } if given == grade => Ok(()),
            other => Err(refused("decide", cycle, other)),
        }
    }
}
