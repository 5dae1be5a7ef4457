//! The evidence access log: one row each time someone opens a stored file (self-assessment
//! evidence, a site photo, an appeal file; the full file or its thumbnail), and the log read
//! back newest first, a page at a time, for a region, an institution or a person.
//!
//! Each row names the file's institution and its region, so the country's, a province's, a
//! regency's and an institution's log are each read from an index in time order and the query
//! stops after a page, at any size. A typed name is first looked up among institutions or
//! people ([`MAX_MATCHES`] at most) and their views read by id. Who may read which part is
//! `domain::policy::evidence_log`'s answer, passed in as [`Scope`] and `site_photos`.

use crate::paging::{Page, PageRequest};
use crate::{Result, Store, StoreError, new_id, now};
use domain::audit::{WIT_PROVINCES, WITA_PROVINCES, Zone};
use domain::{InstitutionRef, RegionScope, Role};
use sqlx::Row;

/// Where a viewed file comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The institution's self-assessment evidence (`evidence`).
    Evidence,
    /// A photo an assessor took on site (`visit_photos`).
    SitePhoto,
    /// Evidence attached to an appeal (`appeal_files`).
    AppealFile,
}

impl Source {
    pub const ALL: [Source; 3] = [Source::Evidence, Source::SitePhoto, Source::AppealFile];

    pub fn code(self) -> &'static str {
        match self {
            Source::Evidence => "evidence",
            Source::SitePhoto => "site_photo",
            Source::AppealFile => "appeal_file",
        }
    }

    pub fn from_code(code: &str) -> Option<Source> {
        Source::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// Records that `user_id` opened a file (`variant`: `full` or `thumbnail`) of `institution`.
pub async fn log(
    store: &Store,
    source: Source,
    file_id: &str,
    institution: &InstitutionRef,
    user_id: &str,
    variant: &str,
) -> Result<()> {
    sqlx::query(
        "insert into file_views (id, source, file_id, institution_id, regency_id, province_id, user_id, variant, created_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(new_id())
    .bind(source.code())
    .bind(file_id)
    .bind(&institution.id)
    .bind(&institution.regency)
    .bind(&institution.province)
    .bind(user_id)
    .bind(variant)
    .bind(now())
    .execute(&store.pool)
    .await?;
    Ok(())
}

/// Keeps the log's region of an institution's views current when the institution moves to
/// another regency (a correction by import), so its new region's officers read its whole log.
pub(crate) async fn moved(conn: &mut crate::DbConn, institution_id: &str, regency_id: &str) -> Result<()> {
    sqlx::query(
        "update file_views set regency_id = $2, province_id = (select province_id from regencies where id = $2)
          where institution_id = $1 and regency_id <> $2",
    )
    .bind(institution_id)
    .bind(regency_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// How many times a file was opened.
pub async fn count_for_file(store: &Store, source: Source, file_id: &str) -> Result<i64> {
    Ok(sqlx::query_scalar("select count(*) from file_views where source = $1 and file_id = $2")
        .bind(source.code())
        .bind(file_id)
        .fetch_one(&store.pool)
        .await?)
}

/// Whose files' views a reader may list: the policy's answer as a condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope<'a> {
    Everywhere,
    Region(&'a RegionScope),
    /// One institution, by id.
    Institution(&'a str),
}

/// Institutions or people a typed name may match; beyond this the reader is asked for more of
/// the name (their views would be sorted together instead of read in index order).
pub const MAX_MATCHES: usize = 50;

/// A typed name that matches more than [`MAX_MATCHES`] institutions or people.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TooBroad {
    Institution,
    Person,
}

/// What the reader narrowed the log to; empty text and `None` narrow nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// One institution, by id.
    pub institution_id: Option<String>,
    /// Part of the institution's name, any case (institutions within the scope).
    pub institution_name: String,
    /// Part of the viewer's full name or username, any case.
    pub person: String,
    /// The first and last day (inclusive, as `domain::dates::epoch_day`) in the local time of
    /// each file's institution.
    pub from_day: Option<i64>,
    pub to_day: Option<i64>,
}

/// One view, with what the page shows of the file, the person and the institution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ViewRow {
    /// Unix seconds.
    pub at: i64,
    pub source: Source,
    pub file_id: String,
    /// `full` or `thumbnail`.
    pub variant: String,
    pub viewer_name: String,
    pub viewer_username: String,
    pub viewer_role: Role,
    pub institution_id: String,
    pub institution_name: String,
    /// The institution's province: its time zone.
    pub province_id: String,
    /// The indicator the file is evidence for (appeal files have none).
    pub indicator_code: Option<String>,
    /// The caption the uploader typed.
    pub caption: String,
    /// `photo` or `document`.
    pub kind: String,
}

/// The view's time as seconds in its institution's local time (its province's zone).
fn local_time_sql() -> String {
    let list = |codes: &[&str]| codes.iter().map(|c| format!("'{c}'")).collect::<Vec<_>>().join(", ");
    format!(
        "(v.created_at + case when substr(v.province_id, 1, 2) in ({}) then {} \
         when substr(v.province_id, 1, 2) in ({}) then {} else {} end)",
        list(&WITA_PROVINCES),
        Zone::Wita.offset_seconds(),
        list(&WIT_PROVINCES),
        Zone::Wit.offset_seconds(),
        Zone::Wib.offset_seconds(),
    )
}

const SELECT: &str = "select v.id, v.created_at, v.source, v.file_id, v.variant,
        u.full_name, u.username, u.role, v.institution_id, i.name as institution_name, v.province_id,
        coalesce(e.indicator_code, p.indicator_code) as indicator_code,
        coalesce(e.caption, p.caption, f.caption, '') as caption,
        coalesce(e.kind, f.kind, 'photo') as kind
   from file_views v
   join users u on u.id = v.user_id
   join institutions i on i.id = v.institution_id
   left join evidence e on v.source = 'evidence' and e.id = v.file_id
   left join visit_photos p on v.source = 'site_photo' and p.id = v.file_id
   left join appeal_files f on v.source = 'appeal_file' and f.id = v.file_id
  where 1 = 1";

/// The views `scope` covers and `filter` keeps, newest first, a page at a time; or which typed
/// name matches too much to list.
pub async fn list(
    store: &Store,
    scope: Scope<'_>,
    site_photos: bool,
    filter: &Filter,
    page: PageRequest,
) -> Result<Result<Page<ViewRow>, TooBroad>> {
    let institutions = match filter.institution_name.trim() {
        "" => None,
        name => match institutions_named(store, scope, name).await? {
            Some(ids) => Some(ids),
            None => return Ok(Err(TooBroad::Institution)),
        },
    };
    let people = match filter.person.trim() {
        "" => None,
        name => match people_named(store, name).await? {
            Some(ids) => Some(ids),
            None => return Ok(Err(TooBroad::Person)),
        },
    };
    if institutions.as_ref().is_some_and(Vec::is_empty) || people.as_ref().is_some_and(Vec::is_empty) {
        return Ok(Ok(Page::of(vec![], page)));
    }
    let matches = Matches { institutions: institutions.as_deref(), people: people.as_deref() };
    let rows = query("", scope, site_photos, filter, matches, page).build().fetch_all(&store.pool).await?;
    let rows = rows.iter().map(view_row).collect::<Result<Vec<_>>>()?;
    Ok(Ok(Page::of(rows, page)))
}

/// The ids of institutions in `scope` whose name holds `name`; `None` for more than [`MAX_MATCHES`].
async fn institutions_named(store: &Store, scope: Scope<'_>, name: &str) -> Result<Option<Vec<String>>> {
    let mut q = crate::sql::Builder::new(
        "select i.id from institutions i join regencies r on r.id = i.regency_id where lower(i.name) like ",
    );
    q.push_bind(like(name)).push(" escape '\\'");
    match scope {
        Scope::Everywhere => {}
        Scope::Region(RegionScope::Province { province }) => {
            q.push(" and r.province_id = ").push_bind(province.clone());
        }
        Scope::Region(RegionScope::Regency { regency, .. }) => {
            q.push(" and i.regency_id = ").push_bind(regency.clone());
        }
        Scope::Institution(id) => {
            q.push(" and i.id = ").push_bind(id.to_string());
        }
    }
    q.push(" order by i.name, i.id limit ").push_bind(MAX_MATCHES as i64 + 1);
    let ids: Vec<String> = q.build_query_scalar().fetch_all(&store.pool).await?;
    Ok((ids.len() <= MAX_MATCHES).then_some(ids))
}

/// The ids of people whose full name or username holds `name`; `None` for more than [`MAX_MATCHES`].
async fn people_named(store: &Store, name: &str) -> Result<Option<Vec<String>>> {
    let ids: Vec<String> = sqlx::query_scalar(
        "select id from users where lower(full_name) like $1 escape '\\' or lower(username) like $1 escape '\\'
          order by full_name, id limit $2",
    )
    .bind(like(name))
    .bind(MAX_MATCHES as i64 + 1)
    .fetch_all(&store.pool)
    .await?;
    Ok((ids.len() <= MAX_MATCHES).then_some(ids))
}

/// `%text%` for `like … escape '\'`, lower case, the typed `%` and `_` matching themselves.
fn like(text: &str) -> String {
    format!("%{}%", crate::like_literal(&text.trim().to_lowercase()))
}

/// The institutions and people typed names matched (`None`: no name typed).
#[derive(Debug, Clone, Copy, Default)]
struct Matches<'a> {
    institutions: Option<&'a [String]>,
    people: Option<&'a [String]>,
}

/// The page's query, after `prefix` (`explain query plan ` in tests).
fn query(
    prefix: &str,
    scope: Scope<'_>,
    site_photos: bool,
    filter: &Filter,
    matches: Matches<'_>,
    page: PageRequest,
) -> crate::sql::Builder {
    let mut q = crate::sql::Builder::new(format!("{prefix}{SELECT}"));
    match scope {
        Scope::Everywhere => {}
        Scope::Region(RegionScope::Province { province }) => {
            q.push(" and v.province_id = ").push_bind(province.clone());
        }
        Scope::Region(RegionScope::Regency { regency, .. }) => {
            q.push(" and v.regency_id = ").push_bind(regency.clone());
        }
        Scope::Institution(id) => {
            q.push(" and v.institution_id = ").push_bind(id.to_string());
        }
    }
    if !site_photos {
        q.push(" and v.source <> ").push_bind(Source::SitePhoto.code());
    }
    if let Some(id) = &filter.institution_id {
        q.push(" and v.institution_id = ").push_bind(id.clone());
    }
    for (column, ids) in [("v.institution_id", matches.institutions), ("v.user_id", matches.people)] {
        if let Some(ids) = ids {
            q.push(format_args!(" and {column} in ("));
            let mut list = q.separated(", ");
            for id in ids {
                list.push_bind(id.clone());
            }
            q.push(")");
        }
    }
    // A local day begins between UTC+9 (WIT) and UTC+7 (WIB): the plain bound on `created_at`
    // keeps the index range narrow, the exact one applies each institution's zone.
    let local = local_time_sql();
    if let Some(day) = filter.from_day {
        let start = day * 86_400;
        q.push(" and v.created_at >= ").push_bind(start - Zone::Wit.offset_seconds());
        q.push(format_args!(" and {local} >= ")).push_bind(start);
    }
    if let Some(day) = filter.to_day {
        let end = (day + 1) * 86_400;
        q.push(" and v.created_at < ").push_bind(end - Zone::Wib.offset_seconds());
        q.push(format_args!(" and {local} < ")).push_bind(end);
    }
    q.push(" order by v.created_at desc, v.id desc limit ").push_bind(page.limit());
    q.push(" offset ").push_bind(page.offset());
    q
}

fn view_row(r: &crate::DbRow) -> Result<ViewRow> {
    let source: String = r.try_get("source")?;
    let role: String = r.try_get("role")?;
    Ok(ViewRow {
        at: r.try_get("created_at")?,
        source: Source::from_code(&source).ok_or_else(|| StoreError::Corrupt(format!("file view source {source}")))?,
        file_id: r.try_get("file_id")?,
        variant: r.try_get("variant")?,
        viewer_name: r.try_get("full_name")?,
        viewer_username: r.try_get("username")?,
        viewer_role: Role::from_code(&role).ok_or_else(|| StoreError::Corrupt(format!("unknown role {role}")))?,
        institution_id: r.try_get("institution_id")?,
        institution_name: r.try_get("institution_name")?,
        province_id: r.try_get("province_id")?,
        indicator_code: r.try_get("indicator_code")?,
        caption: r.try_get("caption")?,
        kind: r.try_get("kind")?,
    })
}

#[cfg(test)]
mod tests;
