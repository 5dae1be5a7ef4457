use crate::error::AppError;
use crate::model::HomeView;
use leptos::prelude::*;

/// The signed-in person's home: what waits for them, by role.
#[server(endpoint = "home")]
pub async fn home(#[server(default)] page: u32) -> Result<HomeView, AppError> {
    use super::ssr::*;
    use crate::model::{AssignmentView, CycleView, StateCount};
    use domain::{Action, CycleState, Resource, Visible};

    let user = require_user().await?;
    let db = store()?;
    let counts = |rows: Vec<(String, i64)>| -> Vec<StateCount> {
        rows.into_iter()
            .filter_map(|(code, count)| CycleState::from_code(&code).map(|state| StateCount { state, count }))
            .collect()
    };
    let notices = |rows: Vec<store::notifications::NotificationRow>| -> Vec<crate::model::NoticeView> {
        rows.into_iter()
            .map(|n| crate::model::NoticeView {
                on: domain::dates::add_days("1970-01-01", n.created_at.div_euclid(86_400)).unwrap_or_default(),
                kind: n.kind,
                cycle_id: n.cycle_id,
                institution_name: n.institution_name,
                detail: n.detail,
            })
            .collect()
    };
    // What the person's home shows follows from which cycles the policy lets them see.
    let view = match visible(&user, Action::ListCycles)? {
        Visible::Institution(id) => {
            let row = store::institutions::get(&db, &id).await?.ok_or_else(AppError::not_found)?;
            authorize(Some(&user), Action::ViewInstitution, Resource::Institution(&row.reference()))?;
            let cycle = store::cycles::latest_for_institution(&db, &id).await?.and_then(|c| {
                Some(CycleView {
                    state: c.state()?,
                    id: c.id,
                    grade: c.grade,
                    visit_on: c.visit_on,
                    valid_until: c.valid_until,
                    instrument_version: c.instrument_version,
                })
            });
            let notices = notices(store::notifications::for_institution(&db, &id, 5).await?);
            HomeView::Manager { institution: Box::new(institution_view(row)), cycle, notices }
        }
        Visible::Region(scope) => {
            let page = store::paging::PageRequest::new(page);
            let institutions = store::institutions::list(&db, Some(&scope), "", page).await?;
            let warn_until = domain::dates::add_days(&store::today(), domain::legal::EXPIRY_WARNING_DAYS)
                .unwrap_or_else(store::today);
            HomeView::Dinsos {
                notices: notices(store::notifications::for_region(&db, &scope, 8).await?),
                region: user.region_name.clone().unwrap_or_default(),
                can_approve: user.actor.can_approve,
                counts: counts(store::cycles::count_by_state(&db, Some(&scope)).await?),
                institutions_total: store::institutions::count(&db, Some(&scope)).await?,
                institutions_page: (&institutions).into(),
                institutions: institutions.rows.into_iter().map(institution_view).collect(),
                permits: store::institutions::permits_to_renew(&db, &scope, &warn_until)
                    .await?
                    .into_iter()
                    .map(institution_view)
                    .collect(),
            }
        }
        Visible::Assigned(user_id) => {
            let rows = store::cycles::assignments(&db, &user_id).await?;
            let reconcilers = store::cycles::reconcilers_of(&db, &user_id).await?;
            let assignments: Vec<_> = rows
                .into_iter()
                .map(|a| {
                    let reconciles =
                        reconcilers.get(&a.cycle_id).map(String::as_str) == Some(user.actor.user_id.as_str());
                    (a, reconciles)
                })
                .collect();
            let mut assignments: Vec<AssignmentView> = assignments
                .into_iter()
                .filter_map(|(a, reconciles)| {
                    Some(AssignmentView {
                        reconciles,
                        state: CycleState::from_code(&a.state)?,
                        cycle_id: a.cycle_id,
                        duty: a.duty,
                        visit_on: a.visit_on,
                        institution_name: a.institution_name,
                        regency_name: a.regency_name,
                        scored: a.scored,
                        indicator_count: a.indicator_count,
                        submitted: a.submitted,
                    })
                })
                .collect();
            // Work still waiting first; the store's order (soonest visit first) within each group.
            assignments.sort_by_key(|a| !a.waiting());
            HomeView::Assessor { assignments }
        }
        Visible::Everything => {
            authorize(Some(&user), Action::ManageAccounts, Resource::Accounts)?;
            let instrument = store::instruments::current(&db, INSTRUMENT_CODE).await?;
            HomeView::Admin {
                institutions: store::institutions::count(&db, None).await?,
                users: store::accounts::count_users(&db).await?,
                instrument: instrument.map(|(_, i)| (i.version.clone(), i.indicator_count())),
                counts: counts(store::cycles::count_by_state(&db, None).await?),
            }
        }
    };
    Ok(view)
}
