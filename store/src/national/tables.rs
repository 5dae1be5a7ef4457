//! The tables the generator writes, in the order their rows are flushed.

use super::bulk::Table;
use crate::DbConn;
use crate::Result;

pub(super) struct Tables {
    pub(super) institutions: Table,
    pub(super) users: Table,
    pub(super) cycles: Table,
    pub(super) answers: Table,
    pub(super) submissions: Table,
    pub(super) revisions: Table,
    pub(super) blobs: Table,
    pub(super) evidence: Table,
    pub(super) assignments: Table,
    pub(super) visit_scores: Table,
    pub(super) visit_submissions: Table,
    pub(super) final_scores: Table,
    pub(super) results: Table,
    pub(super) components: Table,
    pub(super) decisions: Table,
    pub(super) certificates: Table,
    pub(super) appeals: Table,
    pub(super) notifications: Table,
}

impl Tables {
    pub(super) fn new() -> Tables {
        Tables {
            institutions: Table::new("institutions", super::plan::INSTITUTION_COLUMNS, ""),
            users: Table::new(
                "users",
                &[
                    "id",
                    "username",
                    "full_name",
                    "password_hash",
                    "role",
                    "institution_id",
                    "province_id",
                    "regency_id",
                    "can_approve",
                    "active",
                    "created_at",
                    "updated_at",
                ],
                "",
            ),
            cycles: Table::new(
                "cycles",
                &[
                    "id",
                    "institution_id",
                    "instrument_version_id",
                    "state",
                    "grade",
                    "visit_on",
                    "valid_until",
                    "created_at",
                    "updated_at",
                    "state_entered_at",
                ],
                "",
            ),
            answers: Table::new(
                "answers",
                &[
                    "cycle_id",
                    "indicator_code",
                    "self_score",
                    "narrative",
                    "revision",
                    "updated_by",
                    "created_at",
                    "updated_at",
                ],
                "",
            ),
            submissions: Table::new(
                "submissions",
                &["id", "cycle_id", "round", "submitted_by", "changed_indicators", "snapshot", "created_at"],
                "",
            ),
            revisions: Table::new(
                "revision_requests",
                &["id", "cycle_id", "round", "indicator_code", "reason", "requested_by", "created_at"],
                "",
            ),
            blobs: Table::new(
                "blobs",
                &["sha256", "content_type", "size_bytes", "width", "height", "created_at"],
                " on conflict (sha256) do nothing",
            ),
            evidence: Table::new(
                "evidence",
                &["id", "cycle_id", "indicator_code", "kind", "sha256", "caption", "uploaded_by", "created_at"],
                "",
            ),
            assignments: Table::new("cycle_assignments", &["cycle_id", "user_id", "duty", "created_at"], ""),
            visit_scores: Table::new(
                "visit_scores",
                &["cycle_id", "assessor_id", "indicator_code", "score", "note", "check_on_site", "updated_at"],
                "",
            ),
            visit_submissions: Table::new("visit_submissions", &["cycle_id", "assessor_id", "created_at"], ""),
            final_scores: Table::new(
                "final_scores",
                &["cycle_id", "indicator_code", "score", "reason", "set_by", "created_at"],
                "",
            ),
            results: Table::new(
                "cycle_results",
                &["cycle_id", "evaluation", "total_hundredths", "recommended_grade", "reconciled_by", "created_at"],
                "",
            ),
            components: Table::new(
                "cycle_component_results",
                &[
                    "cycle_id",
                    "component_code",
                    "self_earned",
                    "self_possible",
                    "final_earned",
                    "final_possible",
                    "final_percent_hundredths",
                ],
                "",
            ),
            decisions: Table::new(
                "decisions",
                &["id", "cycle_id", "kind", "grade", "reasons", "decided_by", "decided_on", "created_at"],
                "",
            ),
            certificates: Table::new(
                "certificates",
                &[
                    "id",
                    "cycle_id",
                    "number",
                    "regency_id",
                    "year",
                    "seq",
                    "grade",
                    "issued_on",
                    "valid_until",
                    "verification_code",
                    "created_at",
                    "institution_name",
                ],
                "",
            ),
            appeals: Table::new("appeals", &["id", "cycle_id", "reasons", "filed_by", "filed_on", "created_at"], ""),
            notifications: Table::new(
                "notifications",
                &["id", "recipient_kind", "recipient", "kind", "cycle_id", "detail", "dedupe_key", "created_at"],
                "",
            ),
        }
    }

    fn all(&mut self) -> [&mut Table; 18] {
        [
            &mut self.institutions,
            &mut self.users,
            &mut self.cycles,
            &mut self.answers,
            &mut self.submissions,
            &mut self.revisions,
            &mut self.blobs,
            &mut self.evidence,
            &mut self.assignments,
            &mut self.visit_scores,
            &mut self.visit_submissions,
            &mut self.final_scores,
            &mut self.results,
            &mut self.components,
            &mut self.decisions,
            &mut self.certificates,
            &mut self.appeals,
            &mut self.notifications,
        ]
    }

    /// When a table is full, writes every table, parents before children: PostgreSQL checks a
    /// foreign key at each statement (its keys are not deferrable), so a full table of scores must
    /// not reach the database before the cycles they belong to.
    pub(super) async fn flush_full(&mut self, conn: &mut DbConn) -> Result<()> {
        if self.all().iter().any(|t| t.full()) {
            self.flush_all(conn).await?;
        }
        Ok(())
    }

    pub(super) async fn flush_all(&mut self, conn: &mut DbConn) -> Result<()> {
        for t in self.all() {
            t.flush(conn).await?;
        }
        Ok(())
    }
}
