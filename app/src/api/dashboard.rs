//! The dashboard of Dinsos officers (their region) and administrators (everywhere): cycles per
//! state and grade, how long applications wait, expiring accreditations, component scores and
//! the gap between self-scores and the assessors' final scores.

use crate::error::AppError;
use domain::CycleState;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DashboardView {
    /// The region's name; `None` for administrators, who see everything.
    pub region: Option<String>,
    pub by_state: Vec<(CycleState, i64)>,
    /// Grade code ("A", "B", "C", "TT") and the number of decided cycles.
    pub by_grade: Vec<(String, i64)>,
    pub ageing: Vec<AgeingView>,
    /// The soonest expiring accreditations (at most `store::dashboard::EXPIRING_SHOWN`).
    pub expiring: Vec<ExpiringView>,
    /// How many expire within the horizon (or have expired), listed or not.
    pub expiring_total: i64,
    pub components: Vec<ComponentAverageView>,
    pub gaps: Vec<GapView>,
    /// Area (province nationally, regency within a province) and its gaps per component.
    pub gaps_by_area: Vec<(String, Vec<GapView>)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgeingView {
    pub state: CycleState,
    pub cycles: i64,
    pub average_days: i64,
    pub max_days: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExpiringView {
    pub institution_id: String,
    pub institution_name: String,
    pub regency_name: String,
    pub grade: Option<String>,
    pub valid_until: String,
    /// Negative once expired.
    pub days_left: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComponentAverageView {
    pub code: String,
    pub name: String,
    pub cycles: i64,
    pub average_hundredths: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GapView {
    pub component: String,
    pub self_hundredths: i64,
    pub final_hundredths: i64,
}

#[server(endpoint = "dashboard")]
pub async fn dashboard() -> Result<DashboardView, AppError> {
    use crate::api::ssr::*;

    let user = require_user().await?;
    let scope = visible_region(&user, domain::Action::ViewDashboard)?;
    let d = store::dashboard::dashboard(&store()?, scope.as_ref(), &store::today()).await?;
    let gap = |g: store::dashboard::Gap| GapView {
        component: g.component,
        self_hundredths: g.self_hundredths,
        final_hundredths: g.final_hundredths,
    };
    Ok(DashboardView {
        region: scope.and(user.region_name.clone()),
        by_state: d.by_state,
        by_grade: d.by_grade.into_iter().map(|(g, n)| (g.code().to_string(), n)).collect(),
        ageing: d
            .ageing
            .into_iter()
            .map(|a| AgeingView {
                state: a.state,
                cycles: a.cycles,
                average_days: a.average_days,
                max_days: a.max_days,
            })
            .collect(),
        expiring: d
            .expiring
            .into_iter()
            .map(|e| ExpiringView {
                institution_id: e.institution_id,
                institution_name: e.institution_name,
                regency_name: e.regency_name,
                grade: e.grade,
                valid_until: e.valid_until,
                days_left: e.days_left,
            })
            .collect(),
        components: d
            .components
            .into_iter()
            .map(|c| ComponentAverageView {
                code: c.code,
                name: c.name,
                cycles: c.cycles,
                average_hundredths: c.average_hundredths,
            })
            .collect(),
        gaps: d.gaps.into_iter().map(gap).collect(),
        expiring_total: d.expiring_total,
        gaps_by_area: d
            .gaps_by_area
            .into_iter()
            .map(|r| (r.area_name, r.gaps.into_iter().map(gap).collect()))
            .collect(),
    })
}
