//! A mid-size generated country (500 institutions, ~460,000 score rows): no list page or list
//! API returns more than a page, however many rows the tables hold.

mod common;

use common::{spawn_app, within_secs};
use store::paging::PAGE_SIZE;

/// Times an element with `data-testid="…"` or a plain marker appears in a page.
fn count(body: &str, marker: &str) -> usize {
    body.matches(marker).count()
}

#[tokio::test]
async fn every_list_stays_a_page_at_national_proportions() {
    within_secs(55, async {
        let app = spawn_app().await;
        let (version, _) = store::instruments::current(&app.store, "SNPA-LKSA").await.unwrap().expect("instrument");
        let hash = app.store.hasher.hash(store::demo::DEMO_PASSWORD.to_string()).await.unwrap();
        let made =
            store::national::generate(&app.store, &version, &store::national::Scale::of(500), &hash).await.unwrap();
        assert!(made.certificates > PAGE_SIZE * 2 && made.institutions == 500, "{made:?}");

        // The public registry: one page of HTML, and the API a page at a time with a next link.
        let page = app.get("/registry", None).await;
        assert_eq!(page.status, 200);
        let items = count(&page.body, "class=\"card queue-item\"");
        assert_eq!(items, PAGE_SIZE, "registry items on the first page");
        assert!(page.body.len() < 50_000, "registry first page is {} bytes", page.body.len());
        let api = app.get("/api/v1/registry", None).await;
        let rows: Vec<serde_json::Value> = serde_json::from_str(&api.body).unwrap();
        assert_eq!(rows.len(), PAGE_SIZE);
        assert!(api.headers.get("link").is_some_and(|l| l.to_str().unwrap().contains("page=2")));
        let total: usize = api.headers["x-total-count"].to_str().unwrap().parse().unwrap();
        assert!(total > PAGE_SIZE * 2, "{total}");

        // The administrator sees the whole country; a province officer a province.
        let admin_pages: &[&str] = &["/", "/dashboard"];
        let officer_pages: &[&str] = &["/", "/intake", "/intake?page=2", "/dashboard"];
        for (username, pages) in [(store::national::ADMIN_USERNAME, admin_pages), ("dinsos.35", officer_pages)] {
            let cookie = app.login(username).await;
            let list = app.get("/api/v1/institutions", Some(&cookie)).await;
            assert_eq!(list.status, 200, "{username}");
            let rows: Vec<serde_json::Value> = serde_json::from_str(&list.body).unwrap();
            assert!(rows.len() <= PAGE_SIZE, "{username}: {} institutions", rows.len());
            for path in pages {
                let page = app.get(path, Some(&cookie)).await;
                assert_eq!(page.status, 200, "{username} {path}");
                assert!(count(&page.body, "<li") <= 4 * PAGE_SIZE, "{username} {path}: unbounded list");
                assert!(page.body.len() < 400_000, "{username} {path}: {} bytes", page.body.len());
            }
        }
        // An assessor declaring a conflict looks institutions up by name, a page at a time.
        let cookie = app.login("asesor1").await;
        let page = app.get("/conflicts", Some(&cookie)).await;
        assert_eq!(page.status, 200);
        assert!(count(&page.body, "<option value=") <= PAGE_SIZE + 1, "conflicts: unbounded select");
    })
    .await;
}
