//! Certificates: numbered per regency and year, verifiable by a public code.

use crate::{Db, Result, Store, StoreError, audit, new_id, now};
use domain::Grade;
use domain::audit::Change;
use domain::certificate::CertificateNumber;
use domain::dates::year_of;
use sqlx::{FromRow, Transaction};

#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct CertificateRow {
    pub id: String,
    pub cycle_id: String,
    pub number: String,
    pub grade: String,
    pub issued_on: String,
    pub valid_until: String,
    pub verification_code: String,
    pub revoked_at: Option<i64>,
    /// The institution's name when the certificate was issued; it does not follow renames.
    pub institution_name: Option<String>,
    /// Who approved, in which position, under which decree; as they were when it was issued.
    pub signer_name: Option<String>,
    pub signer_position: Option<String>,
    pub decree_number: Option<String>,
}

const CERT: &str = "select id, cycle_id, number, grade, issued_on, valid_until, verification_code, revoked_at,
    institution_name, signer_name, signer_position, decree_number from certificates";

/// Issues the next certificate number of the institution's regency for the year.
pub(crate) async fn issue(
    tx: &mut Transaction<'_, Db>,
    user_id: &str,
    cycle_id: &str,
    grade: Grade,
    today: &str,
    valid: &str,
    decree: Option<&str>,
) -> Result<CertificateRow> {
    // An appeal that changes the grade re-issues under the decree of the decision it revises.
    let decree: Option<String> = match decree {
        Some(d) => Some(d.to_string()),
        None => sqlx::query_scalar(
            "select reference from decisions where cycle_id = $1 and reference is not null order by created_at desc limit 1",
        )
        .bind(cycle_id)
        .fetch_optional(&mut **tx)
        .await?
        .flatten(),
    };
    let (signer_name, signer_position): (String, String) =
        sqlx::query_as("select full_name, position from users where id = $1")
            .bind(user_id)
            .fetch_one(&mut **tx)
            .await?;
    let (regency, name): (String, String) = sqlx::query_as(
        "select i.regency_id, i.name from cycles c join institutions i on i.id = c.institution_id where c.id = $1",
    )
    .bind(cycle_id)
    .fetch_one(&mut **tx)
    .await?;
    let year = year_of(today).ok_or_else(|| StoreError::Corrupt(format!("bad date {today}")))?;
    let last: Option<i64> = sqlx::query_scalar("select max(seq) from certificates where regency_id = $1 and year = $2")
        .bind(&regency)
        .bind(i64::from(year))
        .fetch_one(&mut **tx)
        .await?;
    let seq = last.unwrap_or(0) + 1;
    let number = CertificateNumber { seq: seq as u32, regency: regency.clone(), year }.to_string();
    let id = new_id();
    // Unguessable: the public verification URL carries it.
    let code = new_id().replace('-', "");
    sqlx::query(
        "insert into certificates (id, cycle_id, number, regency_id, year, seq, grade, issued_on, valid_until, verification_code, created_at, institution_name,
                                   signer_name, signer_position, decree_number)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
    )
    .bind(&id)
    .bind(cycle_id)
    .bind(&number)
    .bind(&regency)
    .bind(i64::from(year))
    .bind(seq)
    .bind(grade.code())
    .bind(today)
    .bind(valid)
    .bind(&code)
    .bind(now())
    .bind(&name)
    .bind(&signer_name)
    .bind(&signer_position)
    .bind(&decree)
    .execute(&mut **tx)
    .await?;
    crate::summary::record_certificate(tx, cycle_id).await?;
    audit::record(
        tx,
        Some(user_id),
        "issue_certificate",
        "cycle",
        cycle_id,
        None,
        Some(&Change::Text { text: number.clone() }),
    )
    .await?;
    Ok(CertificateRow {
        id,
        cycle_id: cycle_id.into(),
        number,
        grade: grade.code().into(),
        issued_on: today.into(),
        valid_until: valid.into(),
        verification_code: code,
        revoked_at: None,
        institution_name: Some(name),
        signer_name: Some(signer_name),
        signer_position: Some(signer_position),
        decree_number: decree,
    })
}

/// The cycle's certificate in force (not revoked), if any.
pub async fn certificate_for_cycle(store: &Store, cycle_id: &str) -> Result<Option<CertificateRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{CERT} where cycle_id = $1 and revoked_at is null order by created_at desc limit 1"
    )))
    .bind(cycle_id)
    .fetch_optional(&store.pool)
    .await?)
}

/// A certificate with what the public verification page shows.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct VerifiedRow {
    pub number: String,
    pub grade: String,
    pub issued_on: String,
    pub valid_until: String,
    pub revoked_at: Option<i64>,
    pub institution_name: String,
    pub regency_name: String,
    pub province_name: String,
}

pub async fn verify(store: &Store, code: &str) -> Result<Option<VerifiedRow>> {
    Ok(sqlx::query_as(
        "select ce.number, ce.grade, ce.issued_on, ce.valid_until, ce.revoked_at,
                coalesce(ce.institution_name, i.name) as institution_name, r.name as regency_name, p.name as province_name
           from certificates ce
           join cycles c on c.id = ce.cycle_id
           join institutions i on i.id = c.institution_id
           join regencies r on r.id = i.regency_id
           join provinces p on p.id = r.province_id
          where ce.verification_code = $1",
    )
    .bind(code)
    .fetch_optional(&store.pool)
    .await?)
}
#[cfg(test)]
mod tests;
