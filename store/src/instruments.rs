//! Loading and reading instrument versions. A version, once stored, never changes: loading
//! the same file again changes nothing, and a changed file under the same version is refused.

use crate::{Result, Store, StoreError, new_id, now};
use domain::Instrument;
use sha2::{Digest, Sha256};
use sqlx::Row;

/// The next version shipped with the product, offered to administrators for review: every
/// indicator has its own level descriptors. It is published on `/instrument/versions`.
pub const OFFERED: &str = include_str!("../../instrument/snpa-lksa-2026.2.toml");

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Loaded {
    Inserted { id: String },
    Unchanged { id: String },
}

/// Parses an instrument file (TOML) and checks it against the domain's rules.
pub fn parse(toml_text: &str) -> Result<Instrument> {
    let instrument: Instrument = toml::from_str(toml_text).map_err(|e| StoreError::InstrumentSyntax(e.to_string()))?;
    instrument.validate()?;
    Ok(instrument)
}

/// Stores an instrument version unless it is already there. A version loaded at start (the
/// shipped file or `LKSA_INSTRUMENT_FILE`) is the operator's choice and is published at once.
pub async fn load(store: &Store, instrument: &Instrument) -> Result<Loaded> {
    store_version(store, instrument, Origin::Deployed).await
}

/// Where a version comes from: the deployment (published when loaded) or an administrator's
/// upload (published only after an administrator reviews it on `/instrument/versions`).
pub(crate) enum Origin<'a> {
    Deployed,
    /// Shipped with the product but left for an administrator to publish.
    Offered,
    Uploaded {
        by: &'a str,
    },
}

/// Stores a shipped version for review unless it is there already; see [`OFFERED`].
pub async fn offer(store: &Store, instrument: &Instrument) -> Result<Loaded> {
    store_version(store, instrument, Origin::Offered).await
}

pub(crate) async fn store_version(store: &Store, instrument: &Instrument, origin: Origin<'_>) -> Result<Loaded> {
    let document = serde_json::to_string(instrument).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let sha = hex::encode(Sha256::digest(document.as_bytes()));
    let mut tx = store.write_tx().await?;
    let existing = sqlx::query("select id, content_sha256 from instrument_versions where code = $1 and version = $2")
        .bind(&instrument.code)
        .bind(&instrument.version)
        .fetch_optional(&mut *tx)
        .await?;
    if let Some(row) = existing {
        let stored_sha: String = row.get("content_sha256");
        let id: String = row.get("id");
        if stored_sha == sha && matches!(origin, Origin::Deployed) {
            // The operator deploys a version that was waiting for review: it is in use now.
            sqlx::query("update instrument_versions set published_at = $2 where id = $1 and published_at is null")
                .bind(&id)
                .bind(now())
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
        }
        return if stored_sha == sha {
            Ok(Loaded::Unchanged { id })
        } else {
            Err(StoreError::InstrumentChanged { code: instrument.code.clone(), version: instrument.version.clone() })
        };
    }
    let id = new_id();
    sqlx::query(
        "insert into instrument_versions (id, code, version, title, content_sha256, document, indicator_count, created_at,
                                          published_at, uploaded_by)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(&id)
    .bind(&instrument.code)
    .bind(&instrument.version)
    .bind(&instrument.title)
    .bind(&sha)
    .bind(&document)
    .bind(instrument.indicator_count() as i64)
    .bind(now())
    .bind(matches!(origin, Origin::Deployed).then(now))
    .bind(match origin {
        Origin::Deployed | Origin::Offered => None,
        Origin::Uploaded { by } => Some(by),
    })
    .execute(&mut *tx)
    .await?;
    for (position, (component, indicator)) in instrument.indicators().enumerate() {
        sqlx::query(
            "insert into indicators (instrument_version_id, code, component_code, position, weight, critical)
             values ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&id)
        .bind(&indicator.code)
        .bind(&component.code)
        .bind(position as i64)
        .bind(i64::from(indicator.weight))
        .bind(indicator.critical)
        .execute(&mut *tx)
        .await?;
    }
    let (actor, action) = match origin {
        Origin::Deployed => (None, "load_instrument"),
        Origin::Offered => (None, "upload_instrument"),
        Origin::Uploaded { by } => (Some(by), "upload_instrument"),
    };
    crate::audit::record(
        &mut tx,
        actor,
        action,
        "instrument_version",
        &id,
        None,
        Some(&domain::audit::Change::Text { text: instrument.version.clone() }),
    )
    .await?;
    tx.commit().await?;
    Ok(Loaded::Inserted { id })
}

/// The version of the instrument `code` new cycles use: the one published last, with its id.
pub async fn current(store: &Store, code: &str) -> Result<Option<(String, Instrument)>> {
    let row = sqlx::query(
        "select id, document from instrument_versions where code = $1 and published_at is not null
          order by published_at desc, created_at desc, version desc limit 1",
    )
    .bind(code)
    .fetch_optional(&store.pool)
    .await?;
    row.map(|r| {
        let document: String = r.get("document");
        let instrument = serde_json::from_str(&document).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        Ok((r.get("id"), instrument))
    })
    .transpose()
}

/// An instrument version by id, parsed once per process (versions never change once loaded).
pub async fn by_id(store: &Store, id: &str) -> Result<Option<std::sync::Arc<Instrument>>> {
    if let Some(found) = store.cached_instrument(id) {
        return Ok(Some(found));
    }
    let doc: Option<String> = sqlx::query_scalar("select document from instrument_versions where id = $1")
        .bind(id)
        .fetch_optional(&store.pool)
        .await?;
    let Some(doc) = doc else { return Ok(None) };
    let instrument: Instrument = serde_json::from_str(&doc).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    Ok(Some(store.cache_instrument(id, instrument)))
}

/// Whether `code` names an indicator of the instrument version the cycle uses (inside a
/// transaction or on the pool).
pub async fn indicator_in_cycle<'e, E>(db: E, cycle_id: &str, code: &str) -> Result<bool>
where
    E: sqlx::Executor<'e, Database = crate::Db>,
{
    let found: Option<i64> = sqlx::query_scalar(
        "select 1 from indicators i join cycles c on c.instrument_version_id = i.instrument_version_id
          where c.id = $1 and i.code = $2",
    )
    .bind(cycle_id)
    .bind(code)
    .fetch_optional(db)
    .await?;
    Ok(found.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::store;

    const FILE: &str = include_str!("../../instrument/snpa-lksa-2026.1.toml");

    #[test]
    fn the_shipped_instrument_is_valid_and_complete() {
        let i = parse(FILE).unwrap();
        assert_eq!(i.components.len(), 6);
        let codes: Vec<&str> = i.components.iter().map(|c| c.code.as_str()).collect();
        assert_eq!(codes, ["PR", "PP", "OM", "SDM", "SP", "HP"]);
        assert!(i.indicator_count() >= 200, "{} indicators", i.indicator_count());
        let critical: Vec<_> = i.indicators().filter(|(_, ind)| ind.critical).collect();
        assert!(!critical.is_empty());
        assert!(
            critical.iter().all(|(_, ind)| ind.descriptors.len() == 5),
            "critical indicators have their own descriptors"
        );
    }

    #[tokio::test]
    async fn loading_twice_changes_nothing_and_a_changed_file_is_refused() {
        let (s, _dir) = store().await;
        let i = parse(FILE).unwrap();
        let Loaded::Inserted { id } = load(&s, &i).await.unwrap() else { panic!("first load inserts") };
        assert_eq!(load(&s, &i).await.unwrap(), Loaded::Unchanged { id: id.clone() });
        let n: i64 = sqlx::query_scalar("select count(*) from indicators").fetch_one(&s.pool).await.unwrap();
        assert_eq!(n as usize, i.indicator_count());

        let mut changed = i.clone();
        changed.components[0].indicators[0].text.push_str(" (diubah)");
        assert!(matches!(load(&s, &changed).await, Err(StoreError::InstrumentChanged { .. })));
        let versions: i64 =
            sqlx::query_scalar("select count(*) from instrument_versions").fetch_one(&s.pool).await.unwrap();
        assert_eq!(versions, 1);

        changed.version = "2026.2".into();
        assert!(matches!(load(&s, &changed).await.unwrap(), Loaded::Inserted { .. }));
        assert_eq!(*by_id(&s, &id).await.unwrap().unwrap(), i, "the old version is untouched");
    }

    #[test]
    fn the_offered_version_gives_every_indicator_its_own_rubric() {
        let next = parse(OFFERED).unwrap();
        let now = parse(FILE).unwrap();
        assert_eq!(next.indicator_count(), now.indicator_count());
        let rubric = |ind| (0..=domain::instrument::MAX_LEVEL).map(|l| next.descriptor(ind, l)).collect::<Vec<_>>();
        let mut seen = std::collections::HashMap::new();
        for (_, ind) in next.indicators() {
            assert_eq!(ind.descriptors.len(), 5, "{} has its own five descriptors", ind.code);
            if let Some(other) = seen.insert(rubric(ind), &ind.code) {
                panic!("{} and {other} share an identical rubric", ind.code);
            }
        }
        let changed = domain::instrument_diff::diff(&now, &next);
        assert!(
            changed
                .indicators
                .iter()
                .all(|c| matches!(c, domain::instrument_diff::IndicatorChange::Changed { aspects, .. }
            if aspects == &[domain::instrument_diff::Aspect::Rubric])),
            "only the rubrics change"
        );
    }

    #[test]
    fn a_broken_file_is_refused_with_a_reason() {
        assert!(matches!(parse("code = "), Err(StoreError::InstrumentSyntax(_))));
        let missing_component = FILE.replacen("weight = 15", "weight = 14", 1);
        assert!(matches!(parse(&missing_component), Err(StoreError::InstrumentInvalid(_))));
    }
}
