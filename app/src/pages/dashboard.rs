//! The dashboard for Dinsos officers and administrators. Charts are inline SVG drawn on the
//! server, so they show without JavaScript and need no chart library; every chart is followed
//! by a table with the same numbers for screen readers and for reading exact values.

use crate::api::dashboard::{DashboardView, GapView, dashboard};
use crate::components::error_view::ErrorView;
use crate::components::gap_table::{GapHead, GapRow};
use crate::components::loading::Loading;
use crate::i18n::use_lang;
use leptos::prelude::*;

/// One bar: its label, its length in the chart's unit, the value as shown, and a colour class.
struct Bar {
    label: String,
    value: i64,
    text: String,
    class: &'static str,
}

// Each row is the label on its own line with the bar below it, in a narrow chart: a phone
// shows it at nearly its own size (14-unit text stays ~13 px on a 390 px screen) and a label
// as long as "Lengkap, menunggu penugasan" never runs into its bar or value.
const WIDTH: i64 = 360;
const BAR_SPACE: i64 = 290;
const ROW: i64 = 44;
/// Longer labels are shortened in the chart; the table below it has them whole.
const LABEL_CHARS: usize = 44;

fn short(label: String) -> String {
    if label.chars().count() <= LABEL_CHARS {
        return label;
    }
    let mut s: String = label.chars().take(LABEL_CHARS - 1).collect();
    s.push('…');
    s
}

/// A horizontal bar chart; `max` is the value of a full-length bar.
#[component]
fn BarChart(label: String, bars: Vec<Bar>, max: i64) -> impl IntoView {
    let max = max.max(1);
    let height = ROW * bars.len().max(1) as i64 + 4;
    view! {
        <svg
            class="chart"
            viewBox=format!("0 0 {WIDTH} {height}")
            role="img"
            aria-label=label
            preserveAspectRatio="xMinYMin meet"
        >
            {bars
                .into_iter()
                .enumerate()
                .map(|(n, bar)| {
                    let y = ROW * n as i64;
                    let length = (bar.value.max(0) * BAR_SPACE / max).min(BAR_SPACE);
                    let (label_y, rect_y, value_y) = (y + 15, y + 22, y + 36);
                    view! {
                        <text x="0" y=label_y class="chart-label">
                            {short(bar.label)}
                        </text>
                        <rect x="0" y=rect_y width=length height="16" rx="3" class=bar.class />
                        <text x=length + 6 y=value_y class="chart-value">
                            {bar.text}
                        </text>
                    }
                })
                .collect_view()}
        </svg>
    }
}

#[component]
pub fn DashboardPage() -> impl IntoView {
    let lang = use_lang();
    let data = Resource::new(|| (), |_| dashboard());
    view! {
        <crate::components::page_title::PageTitle text=lang.t("dashboard-title") />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => view! { <Dashboard v /> }.into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Dashboard(v: DashboardView) -> impl IntoView {
    let lang = use_lang();
    let state_name = move |s: domain::CycleState| lang.t(&format!("state-{}", s.code()));
    let state_max = v.by_state.iter().map(|(_, n)| *n).max().unwrap_or(0);
    let state_bars = v
        .by_state
        .iter()
        .map(|(s, n)| Bar { label: state_name(*s), value: *n, text: lang.count(*n), class: "bar" })
        .collect();
    let grade_max = v.by_grade.iter().map(|(_, n)| *n).max().unwrap_or(0);
    let grade_bars = v
        .by_grade
        .iter()
        .map(|(g, n)| Bar { label: g.clone(), value: *n, text: lang.count(*n), class: "bar bar-grade" })
        .collect();
    let age_max = v.ageing.iter().map(|a| a.max_days).max().unwrap_or(0);
    let age_bars = v
        .ageing
        .iter()
        .map(|a| Bar {
            label: state_name(a.state),
            value: a.average_days,
            text: lang.t_with("dashboard-days", &[("days", lang.count(a.average_days))]),
            class: "bar bar-age",
        })
        .collect();
    let component_bars = v
        .components
        .iter()
        .map(|c| Bar {
            label: c.code.clone(),
            value: c.average_hundredths,
            text: lang.percent(c.average_hundredths),
            class: "bar",
        })
        .collect();
    let gap_bars = v
        .gaps
        .iter()
        .flat_map(|g| {
            [
                Bar {
                    label: lang.t_with("dashboard-gap-self", &[("component", g.component.clone())]),
                    value: g.self_hundredths,
                    text: lang.percent(g.self_hundredths),
                    class: "bar bar-self",
                },
                Bar {
                    label: lang.t_with("dashboard-gap-final", &[("component", g.component.clone())]),
                    value: g.final_hundredths,
                    text: lang.percent(g.final_hundredths),
                    class: "bar",
                },
            ]
        })
        .collect();
    let heading = v.region.clone().unwrap_or_else(|| lang.t("dashboard-everywhere"));
    view! {
        <section class="hero">
            <p class="eyebrow">{lang.t("dashboard-title")}</p>
            <h1>{heading}</h1>
            <p class="muted">{lang.t("dashboard-intro")}</p>
        </section>
        <div class="dash-grid">
            <CountCard
                testid="dashboard-states"
                title="dashboard-by-state"
                head="dashboard-state"
                bars=state_bars
                max=state_max
                rows=v.by_state.iter().map(|(s, n)| (Some(s.code()), state_name(*s), *n)).collect()
            />
            <CountCard
                testid="dashboard-grades"
                title="dashboard-by-grade"
                head="dashboard-grade"
                bars=grade_bars
                max=grade_max
                rows=v.by_grade.iter().map(|(g, n)| (None, g.clone(), *n)).collect()
            />
        </div>
        <section class="card" data-testid="dashboard-ageing">
            <h2>{lang.t("dashboard-ageing")}</h2>
            <p class="muted">{lang.t("dashboard-ageing-hint")}</p>
            <BarChart label=lang.t("dashboard-ageing") bars=age_bars max=age_max />
            <table class="compare">
                <thead>
                    <tr>
                        <th>{lang.t("dashboard-state")}</th>
                        <th>{lang.t("dashboard-cycles")}</th>
                        <th>{lang.t("dashboard-average-days")}</th>
                        <th>{lang.t("dashboard-max-days")}</th>
                    </tr>
                </thead>
                <tbody>
                    {v
                        .ageing
                        .iter()
                        .map(|a| {
                            view! {
                                <tr>
                                    <td>{state_name(a.state)}</td>
                                    <td>{lang.count(a.cycles)}</td>
                                    <td>{lang.count(a.average_days)}</td>
                                    <td>{lang.count(a.max_days)}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </section>
        <section class="card" data-testid="dashboard-expiring">
            <h2>{lang.t("dashboard-expiring")}</h2>
            {if v.expiring.is_empty() {
                view! { <p class="muted">{lang.t("dashboard-expiring-none")}</p> }.into_any()
            } else {
                view! {
                    <ul class="rows">
                        {v
                            .expiring
                            .iter()
                            .map(|e| {
                                let expired = e.days_left < 0;
                                let date = lang.date(&e.valid_until);
                                let text = if expired {
                                    lang.t_with("dashboard-expired-on", &[("date", date)])
                                } else {
                                    lang.t_with(
                                        "dashboard-expires-in",
                                        &[("date", date), ("days", lang.count(e.days_left))],
                                    )
                                };
                                view! {
                                    <li>
                                        <a href=format!(
                                            "/institutions/{}",
                                            e.institution_id,
                                        )>{e.institution_name.clone()}</a>
                                        <span class="muted">{e.regency_name.clone()}</span>
                                        {e.grade.clone().map(|g| view! { <span class="grade-chip">{g}</span> })}
                                        <span class:overdue=expired>{text}</span>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                    {(v.expiring_total > v.expiring.len() as i64)
                        .then(|| {
                            let more = lang.count(v.expiring_total - v.expiring.len() as i64);
                            view! {
                                <p class="muted" data-testid="dashboard-expiring-more">
                                    {lang.t_with("dashboard-expiring-more", &[("count", more)])}
                                </p>
                            }
                        })}
                }
                    .into_any()
            }}
        </section>
        <section class="card" data-testid="dashboard-components">
            <h2>{lang.t("dashboard-components")}</h2>
            {if v.components.is_empty() {
                view! { <p class="muted">{lang.t("dashboard-no-results")}</p> }.into_any()
            } else {
                view! {
                    <BarChart label=lang.t("dashboard-components") bars=component_bars max=10_000 />
                    <table class="compare">
                        <thead>
                            <tr>
                                <th>{lang.t("dashboard-component")}</th>
                                <th>{lang.t("dashboard-cycles")}</th>
                                <th>{lang.t("dashboard-average")}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {v
                                .components
                                .iter()
                                .map(|c| {
                                    view! {
                                        <tr>
                                            <td>{format!("{} {}", c.code, c.name)}</td>
                                            <td>{lang.count(c.cycles)}</td>
                                            <td>{lang.percent(c.average_hundredths)}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                }
                    .into_any()
            }}
        </section>
        <section class="card" data-testid="dashboard-gaps">
            <h2>{lang.t("dashboard-gaps")}</h2>
            <p class="muted">{lang.t("dashboard-gaps-hint")}</p>
            {if v.gaps.is_empty() {
                view! { <p class="muted">{lang.t("dashboard-no-results")}</p> }.into_any()
            } else {
                view! {
                    <BarChart label=lang.t("dashboard-gaps") bars=gap_bars max=10_000 />
                    <GapTable label=lang.t("dashboard-gaps-all") gaps=v.gaps.clone() />
                    {v
                        .gaps_by_area
                        .iter()
                        .map(|(area, gaps)| view! { <GapTable label=area.clone() gaps=gaps.clone() /> })
                        .collect_view()}
                }
                    .into_any()
            }}
        </section>
    }
}

/// A card with a bar chart and a table of how many cycles stand in each row; a row may
/// carry its cycle state as `data-state`.
#[component]
fn CountCard(
    testid: &'static str,
    title: &'static str,
    head: &'static str,
    bars: Vec<Bar>,
    max: i64,
    rows: Vec<(Option<&'static str>, String, i64)>,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <section class="card" data-testid=testid>
            <h2>{lang.t(title)}</h2>
            <BarChart label=lang.t(title) bars max />
            <table class="compare">
                <thead>
                    <tr>
                        <th>{lang.t(head)}</th>
                        <th>{lang.t("dashboard-cycles")}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|(state, label, n)| {
                            view! {
                                <tr data-state=state>
                                    <td>{label}</td>
                                    <td>{lang.count(n)}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </section>
    }
}

/// Self-score, final score and their difference per component.
#[component]
fn GapTable(label: String, gaps: Vec<GapView>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <table class="compare dash-gaps">
            <caption>{label}</caption>
            <GapHead first="dashboard-component" />
            <tbody>
                {gaps
                    .into_iter()
                    .map(|g| {
                        let gap = lang.percent(g.self_hundredths - g.final_hundredths);
                        view! {
                            <GapRow
                                label=g.component
                                own=lang.percent(g.self_hundredths)
                                fin=lang.percent(g.final_hundredths)
                                gap
                            />
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}
