//! The public registry of accredited institutions.

use crate::error::AppError;
use crate::model::RegistryView;
use leptos::prelude::*;

/// The public registry of accredited institutions: no sign-in, no children's data, no scores.
#[server(endpoint = "registry")]
pub async fn registry(
    #[server(default)] name: String,
    #[server(default)] province: String,
    #[server(default)] regency: String,
    #[server(default)] grade: String,
    #[server(default)] page: u32,
) -> Result<RegistryView, AppError> {
    use crate::api::ssr::*;
    use crate::model::RegistryItem;
    use store::registry::RegistryFilter;

    let db = store()?;
    let today = store::today();
    let filter = RegistryFilter { name: name.chars().take(100).collect(), province, regency, grade };
    let (provinces, regencies) = store::registry::regions(&db, &filter.province).await?;
    let (found, total) = store::registry::registry(&db, &filter, store::paging::PageRequest::new(page)).await?;
    Ok(RegistryView {
        page: (&found).into(),
        total,
        items: found
            .rows
            .into_iter()
            .map(|r| RegistryItem {
                valid: domain::certificate::still_valid(&r.valid_until, &today),
                name: r.name,
                province_name: r.province_name,
                regency_name: r.regency_name,
                grade: r.grade,
                valid_until: r.valid_until,
                number: r.number,
                verification_code: r.verification_code,
            })
            .collect(),
        provinces,
        regencies,
    })
}
