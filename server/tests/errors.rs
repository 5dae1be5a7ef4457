//! The one error path of plain routes: an `AppError` a handler returns is rendered per request
//! (JSON for scripts and the API, a translated page for a browser's form post), and no request
//! waits past its time limit.

use app::error::AppError;
use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use axum::routing::{get, post};
use http_body_util::BodyExt;
use server::respond::{render_errors, time_limit, within_time_limit};
use std::time::Duration;
use tower::ServiceExt;

fn router() -> Router {
    Router::new()
        .route("/locked", post(|| async { Err::<(), _>(AppError::conflict("assessment-locked")) }))
        .route("/api/v1/missing", get(|| async { Err::<(), _>(AppError::not_found()) }))
        .route(
            "/slow",
            get(|| async {
                tokio::time::sleep(Duration::from_secs(3_600)).await;
                "never"
            }),
        )
        .layer(axum::middleware::from_fn(within_time_limit))
        .layer(axum::middleware::from_fn(render_errors))
}

async fn send(req: Request<Body>) -> (StatusCode, String, String) {
    let res = router().oneshot(req).await.unwrap();
    let status = res.status();
    let ctype = res.headers().get(header::CONTENT_TYPE).map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    let body = String::from_utf8(res.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap();
    (status, ctype, body)
}

#[tokio::test]
async fn a_returned_error_is_json_for_scripts_and_a_translated_page_for_browsers() {
    let script = Request::post("/locked").header(header::ACCEPT, "application/json").body(Body::empty()).unwrap();
    let (status, ctype, body) = send(script).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(ctype.starts_with("application/json"), "{ctype}");
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(json["key"], "assessment-locked");
    assert!(!json["error"].as_str().unwrap().is_empty());

    let browser = Request::post("/locked")
        .header(header::ACCEPT, "text/html")
        .header(header::COOKIE, "lksa_lang=en")
        .body(Body::empty())
        .unwrap();
    let (status, ctype, body) = send(browser).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(ctype.starts_with("text/html"), "{ctype}");
    assert!(body.contains("role=\"alert\"") && !body.contains("assessment-locked"), "{body}");
}

#[tokio::test]
async fn the_api_answers_json_whatever_the_client_accepts() {
    let req = Request::get("/api/v1/missing").header(header::ACCEPT, "text/html").body(Body::empty()).unwrap();
    let (status, ctype, body) = send(req).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(ctype.starts_with("application/json"), "{ctype}");
    assert!(body.contains("\"key\":\"error-not-found\""), "{body}");
}

#[tokio::test(start_paused = true)]
async fn a_request_past_its_time_limit_is_answered_503_with_a_sentence() {
    let req = Request::get("/slow").header(header::ACCEPT, "application/json").body(Body::empty()).unwrap();
    let started = tokio::time::Instant::now();
    let (status, _, body) = send(req).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(body.contains("\"key\":\"error-timeout\""), "{body}");
    assert_eq!(started.elapsed().as_secs(), 30, "the page limit");
}

#[test]
fn uploads_get_longer_than_pages() {
    use axum::http::Method;
    assert_eq!(time_limit("/self-assessment", &Method::GET), Duration::from_secs(30));
    assert_eq!(time_limit("/evidence/c1/PR.1.01", &Method::GET), Duration::from_secs(30));
    assert!(time_limit("/evidence/c1/PR.1.01", &Method::POST) >= Duration::from_secs(300));
    assert!(time_limit("/visit-photos/c1/PR.1.01", &Method::POST) >= Duration::from_secs(300));
    assert!(time_limit("/appeal-files/c1", &Method::POST) >= Duration::from_secs(300));
}
