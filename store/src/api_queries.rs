//! Reads the `/api/v1` integration API needs and the pages do not.

use crate::cycles::CycleRow;
use crate::{Result, Store};

/// Every cycle of one institution, newest first.
pub async fn cycles_of_institution(store: &Store, institution_id: &str) -> Result<Vec<CycleRow>> {
    Ok(sqlx::query_as(
        "select c.id, c.institution_id, c.instrument_version_id, v.version as instrument_version,
                c.state, c.grade, c.visit_on, c.valid_until, c.updated_at
           from cycles c join instrument_versions v on v.id = c.instrument_version_id
          where c.institution_id = $1
          order by c.created_at desc, c.id",
    )
    .bind(institution_id)
    .fetch_all(&store.pool)
    .await?)
}
