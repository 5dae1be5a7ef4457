//! Figures kept current in the same transaction as the change they summarise, so that pages
//! looking across thousands of institutions read a few summary rows, never every score row.

use crate::{Db, Result};
use domain::Evaluation;
use sqlx::Transaction;

/// Records, per component of a reconciled cycle, the weighted self-scores (from the answers it
/// was submitted with) beside the final scores of `evaluation`. Replaces earlier rows: a cycle
/// sent back to the assessors is reconciled again.
pub(crate) async fn record_components(
    tx: &mut Transaction<'_, Db>,
    cycle_id: &str,
    evaluation: &Evaluation,
) -> Result<()> {
    sqlx::query("delete from cycle_component_results where cycle_id = $1").bind(cycle_id).execute(&mut **tx).await?;
    for c in &evaluation.components {
        let (self_earned, self_possible): (i64, i64) = sqlx::query_as(
            "select cast(coalesce(sum(a.self_score * ind.weight), 0) as bigint), cast(coalesce(sum(4 * ind.weight), 0) as bigint)
               from cycles cy
               join indicators ind on ind.instrument_version_id = cy.instrument_version_id and ind.component_code = $2
               join answers a on a.cycle_id = cy.id and a.indicator_code = ind.code
              where cy.id = $1 and a.self_score is not null",
        )
        .bind(cycle_id)
        .bind(&c.code)
        .fetch_one(&mut **tx)
        .await?;
        sqlx::query(
            "insert into cycle_component_results
               (cycle_id, component_code, self_earned, self_possible, final_earned, final_possible, final_percent_hundredths,
                regency_id, province_id, state)
             select $1, $2, $3, $4, $5, $6, $7, i.regency_id, r.province_id, c.state
               from cycles c join institutions i on i.id = c.institution_id join regencies r on r.id = i.regency_id
              where c.id = $1",
        )
        .bind(cycle_id)
        .bind(&c.code)
        .bind(self_earned)
        .bind(self_possible)
        .bind(i64::try_from(c.earned).unwrap_or(i64::MAX))
        .bind(i64::try_from(c.possible).unwrap_or(i64::MAX))
        .bind(c.percent_hundredths)
        .execute(&mut **tx)
        .await?;
    }
    refresh_totals(tx, Some(cycle_id)).await
}

/// Keeps the summary rows' copy of a cycle's state current; called by the one transition
/// function, inside the transition's transaction.
pub(crate) async fn record_state(tx: &mut Transaction<'_, Db>, cycle_id: &str, state: &str) -> Result<()> {
    let changed = sqlx::query("update cycle_component_results set state = $2 where cycle_id = $1")
        .bind(cycle_id)
        .bind(state)
        .execute(&mut **tx)
        .await?
        .rows_affected();
    if changed > 0 {
        refresh_totals(tx, Some(cycle_id)).await?;
    }
    Ok(())
}

/// Rebuilds `regency_component_totals` of the regency of `cycle` (every regency when `None`,
/// for the national generator): a few hundred rows per regency.
pub(crate) async fn refresh_totals(tx: &mut Transaction<'_, Db>, cycle: Option<&str>) -> Result<()> {
    let only = if cycle.is_some() { "where regency_id = (select regency_id from cycles where id = $1)" } else { "" };
    let delete = format!("delete from regency_component_totals {only}");
    let insert = format!(
        "insert into regency_component_totals
         select regency_id, province_id, component_code, state, count(*), sum(final_percent_hundredths),
                sum(self_earned), sum(self_possible), sum(final_earned), sum(final_possible)
           from cycle_component_results {only}
          group by regency_id, province_id, component_code, state"
    );
    for sql in [delete, insert] {
        let query = sqlx::query(sqlx::AssertSqlSafe(sql));
        match cycle {
            Some(id) => query.bind(id),
            None => query,
        }
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Points the cycle's institution at its latest certificate not revoked (the public registry's
/// entry); called in the transaction that issues or revokes a certificate.
pub(crate) async fn record_certificate(tx: &mut Transaction<'_, Db>, cycle_id: &str) -> Result<()> {
    sqlx::query(CURRENT_CERTIFICATE).bind(cycle_id).execute(&mut **tx).await?;
    Ok(())
}

/// Sets `institutions.certificate_id` of the institution whose cycle is `$1` (every institution
/// when the last line is dropped, as the national generator does).
pub(crate) const CURRENT_CERTIFICATE: &str = "update institutions set certificate_id =
        (select ce.id from cycles c join certificates ce on ce.cycle_id = c.id
          where c.institution_id = institutions.id and ce.revoked_at is null
          order by ce.created_at desc, ce.id desc limit 1)
      where id = (select institution_id from cycles where id = $1)";
