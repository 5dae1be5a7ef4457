//! "Previous / next" under every list that is cut into pages (`store::paging`): plain links
//! that keep the list's other query parameters, so they work without JavaScript and can be shared.

use crate::i18n::use_lang;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_query_map};
use serde::{Deserialize, Serialize};

/// Where a page of a list stands (`store::paging::Page` without its rows).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct PageInfo {
    /// 1-based.
    pub number: u32,
    pub more: bool,
    /// 1-based position of the first row shown.
    pub first: usize,
    pub shown: usize,
}

#[cfg(feature = "ssr")]
impl<T> From<&store::paging::Page<T>> for PageInfo {
    fn from(p: &store::paging::Page<T>) -> PageInfo {
        PageInfo { number: p.number, more: p.more, first: p.first_position(), shown: p.rows.len() }
    }
}

#[component]
pub fn Pager(info: PageInfo) -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let path = use_location().pathname;
    let link = move |page: u32| {
        let mut q = query.get_untracked();
        q.replace("page", page.to_string());
        format!("{}{}", path.get_untracked(), q.to_query_string())
    };
    let last = info.first + info.shown.saturating_sub(1);
    (info.number > 1 || info.more).then(|| {
        view! {
            <nav class="pager" aria-label=lang.t("pager-label") data-testid="pager">
                {(info.number > 1)
                    .then(|| {
                        view! {
                            <a class="btn btn-small" rel="prev" href=link(info.number - 1)>
                                {lang.t("pager-previous")}
                            </a>
                        }
                    })}
                <span class="muted">
                    {lang
                        .t_with(
                            "pager-showing",
                            &[("from", lang.count(info.first as i64)), ("to", lang.count(last as i64))],
                        )}
                </span>
                {info
                    .more
                    .then(|| {
                        view! {
                            <a class="btn btn-small" rel="next" href=link(info.number + 1)>
                                {lang.t("pager-next")}
                            </a>
                        }
                    })}
            </nav>
        }
    })
}
