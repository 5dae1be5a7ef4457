#![recursion_limit = "256"]
//! The web server: wires the store, the auth routes, the CSRF guard and the Leptos app
//! into one axum router. Holds no state of its own beyond the database pool, so several
//! instances can run side by side.

pub mod api_v1;
pub mod appeal_files;
pub mod assets;
pub mod auth;
pub mod certificate;
pub mod csrf;
pub mod evidence;
pub mod exports;
pub mod health;
pub mod instrument_versions;
pub mod national;
pub mod onboarding;
pub mod respond;
pub mod security;
pub mod stored_files;
pub mod uploads;
pub mod visit_photos;
pub mod xlsx;

use app::{App, shell};
use axum::body::Body;
use axum::extract::{FromRef, State};
use axum::http::Request;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Extension, Router};
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list, handle_server_fns_with_context};
use store::Store;
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;

/// The instrument shipped with the product, embedded so a deployed binary always has it.
pub const INSTRUMENT_FILE: &str = include_str!("../../instrument/snpa-lksa-2026.1.toml");

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub store: Store,
    /// Mark cookies `Secure` (set when served over https).
    pub secure_cookies: bool,
    pub blobs: store::evidence::BlobStore,
    /// The public address (e.g. `https://akreditasi.kemensos.go.id`) printed on certificates;
    /// when unset, the request's host is used.
    pub public_url: Option<String>,
    /// Process settings the pages and server functions read.
    pub settings: store::Settings,
    /// Holds upload bodies and image decoding to a fixed memory budget.
    pub uploads: uploads::UploadGate,
    pub media_limits: media::Limits,
    /// The mail server links are e-mailed through, when one is configured.
    pub mail: app::api::mail::Mail,
    /// Reverse proxies whose `X-Forwarded-For` names the client (see `security::client_ip`).
    pub trusted_proxies: Vec<std::net::IpAddr>,
}

impl AppState {
    pub fn new(leptos_options: LeptosOptions, store: Store, config: &Config) -> AppState {
        let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
        AppState {
            leptos_options,
            store,
            secure_cookies: config.secure_cookies,
            // `main` stops on an evidence location it cannot use (`Config::blobs`) before it gets here.
            blobs: config.blobs().expect("the evidence location was checked at start-up"),
            public_url: config.public_url.clone(),
            settings: store::Settings { appeal_days: config.appeal_days },
            uploads: uploads::UploadGate::new(cores, &media::Limits::default()),
            media_limits: media::Limits::default(),
            trusted_proxies: config.trusted_proxies.clone(),
            // `main` stops on a mail setting it cannot use (`Config::mail`) before it gets here.
            mail: config.mail().unwrap_or_else(|e| {
                tracing::error!("{e}; links are not e-mailed");
                app::api::mail::Mail::default()
            }),
        }
    }
}

pub struct Config {
    pub database_url: String,
    /// `Some(true)` load demo data even into a used database (once); `Some(false)` never;
    /// `None` only into a new database.
    pub demo_data: Option<bool>,
    pub instrument_file: Option<String>,
    pub secure_cookies: bool,
    /// Where stored files are kept: a directory (`LKSA_EVIDENCE_DIR`) or, shared by several
    /// servers, an S3 bucket (`LKSA_EVIDENCE_URL=s3://bucket/prefix`, see `store::blobs`).
    pub evidence_dir: String,
    pub public_url: Option<String>,
    /// Days after a decision in which the institution may appeal.
    pub appeal_days: u32,
    /// `LKSA_SMTP_URL` (`smtp://host:port`, `smtps://user:pass@host`) and `LKSA_SMTP_FROM`:
    /// the mail server invitation and reset links are e-mailed through; unset, none are.
    pub smtp_url: Option<String>,
    pub smtp_from: Option<String>,
    /// `LKSA_TRUSTED_PROXIES`: addresses of the reverse proxies in front (comma-separated).
    pub trusted_proxies: Vec<std::net::IpAddr>,
}

impl Config {
    pub fn from_env() -> Config {
        let flag = |name: &str| std::env::var(name).ok().map(|v| matches!(v.as_str(), "1" | "true" | "yes"));
        Config {
            database_url: std::env::var("DATABASE_URL").unwrap_or_else(|_| "sqlite://data/lksa.db".into()),
            demo_data: flag("LKSA_DEMO_DATA"),
            instrument_file: std::env::var("LKSA_INSTRUMENT_FILE").ok(),
            secure_cookies: flag("LKSA_SECURE_COOKIES").unwrap_or(false),
            evidence_dir: std::env::var("LKSA_EVIDENCE_URL")
                .or_else(|_| std::env::var("LKSA_EVIDENCE_DIR"))
                .unwrap_or_else(|_| "data/evidence".into()),
            public_url: std::env::var("LKSA_PUBLIC_URL").ok().filter(|v| !v.is_empty()),
            appeal_days: std::env::var("LKSA_APPEAL_DAYS").ok().and_then(|v| v.parse().ok()).unwrap_or(30),
            smtp_url: std::env::var("LKSA_SMTP_URL").ok(),
            smtp_from: std::env::var("LKSA_SMTP_FROM").ok(),
            trusted_proxies: std::env::var("LKSA_TRUSTED_PROXIES")
                .unwrap_or_default()
                .split(',')
                .filter_map(|a| a.trim().parse().ok())
                .collect(),
        }
    }

    /// The mail server of the settings, none when unset; an error names what is wrong (never
    /// the URL, which may hold a password). Needs the runtime (it starts a connection pool).
    pub fn mail(&self) -> Result<app::api::mail::Mail, String> {
        app::api::mail::Mail::configure(self.smtp_url.as_deref(), self.smtp_from.as_deref())
    }

    /// Where stored files are kept; an error names what is wrong with an S3 setting.
    pub fn blobs(&self) -> Result<store::evidence::BlobStore, store::StoreError> {
        store::blobs::BlobStore::open(&self.evidence_dir, &store::blobs::S3Settings::from_env())
    }
}

/// Opens the database, applies migrations, loads the instrument and, when asked, demo data.
pub async fn prepare_store(config: &Config) -> Result<Store, Box<dyn std::error::Error>> {
    let store = Store::open(&config.database_url).await?;
    let text = match &config.instrument_file {
        Some(path) => std::fs::read_to_string(path)?,
        None => INSTRUMENT_FILE.to_string(),
    };
    let instrument = store::instruments::parse(&text)?;
    let id = match store::instruments::load(&store, &instrument).await? {
        store::instruments::Loaded::Inserted { id } => {
            tracing::info!(version = %instrument.version, indicators = instrument.indicator_count(), "instrument loaded");
            id
        }
        store::instruments::Loaded::Unchanged { id } => id,
    };
    // The next shipped version waits on /instrument/versions for an administrator to review and publish.
    store::instruments::offer(&store, &store::instruments::parse(store::instruments::OFFERED)?).await?;
    let seed = match config.demo_data {
        Some(false) => false,
        Some(true) => !store::demo::is_loaded(&store).await?,
        None => store.is_empty().await?,
    };
    if seed {
        // The demo evidence files go where the server keeps evidence (see `AppState::new`).
        let blobs = config.blobs()?;
        store::demo::seed(&store, &id, Some(&blobs)).await?;
    }
    Ok(store)
}

async fn server_fns(State(state): State<AppState>, req: Request<Body>) -> impl IntoResponse {
    handle_server_fns_with_context(
        move || {
            provide_context(state.store.clone());
            provide_context(state.settings.clone());
            provide_context(state.mail.clone());
        },
        req,
    )
    .await
}

/// Requests a server function refused before it ran (arguments that do not decode) come back as
/// 500 from the server-function layer; the error itself says which status it is.
async fn server_fn_status(req: Request<Body>, next: axum::middleware::Next) -> axum::response::Response {
    let res = next.run(req).await;
    if res.status() != axum::http::StatusCode::INTERNAL_SERVER_ERROR || !res.headers().contains_key("serverfnerror") {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let bytes = axum::body::to_bytes(body, 64 * 1024).await.unwrap_or_default();
    if let Ok(error) = serde_json::from_slice::<app::error::AppError>(&bytes) {
        parts.status = error.status();
    }
    axum::response::Response::from_parts(parts, Body::from(bytes))
}

pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let store = state.store.clone();
    let settings = state.settings.clone();
    let mail = state.mail.clone();
    let options = state.leptos_options.clone();
    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/offline-files", get(assets::offline_files))
        .merge(api_v1::routes())
        .route("/exports/results.csv", get(exports::csv))
        .route("/exports/results.xlsx", get(exports::xlsx))
        // POST uploads a list of institutions to check; the templates to fill in.
        .route(
            "/institution-imports",
            post(onboarding::upload).layer(axum::extract::DefaultBodyLimit::max(onboarding::BODY_LIMIT)),
        )
        .route("/institution-imports/template.csv", get(onboarding::template_csv))
        // POST uploads an instrument version for review (administrators).
        .route(
            "/instrument-versions",
            post(instrument_versions::upload)
                .layer(axum::extract::DefaultBodyLimit::max(instrument_versions::BODY_LIMIT)),
        )
        .route("/institution-imports/template.xlsx", get(onboarding::template_xlsx))
        .route("/auth/login", post(auth::login))
        .route("/auth/logout", post(auth::logout))
        .route("/lang/{code}", get(auth::set_lang))
        // POST /evidence/{cycle}/{indicator} uploads; GET /evidence/{id}/{variant} views.
        .route(
            "/evidence/{first}/{second}",
            get(stored_files::view)
                .post(evidence::upload)
                .route_layer(Extension(stored_files::Source::Evidence))
                .layer(axum::extract::DefaultBodyLimit::max(evidence::BODY_LIMIT)),
        )
        // POST /visit-photos/{cycle}/{indicator} uploads a site photo; GET /visit-photos/{id}/{variant} views.
        .route(
            "/visit-photos/{first}/{second}",
            get(stored_files::view)
                .post(visit_photos::upload)
                .route_layer(Extension(stored_files::Source::SitePhoto))
                .layer(axum::extract::DefaultBodyLimit::max(evidence::BODY_LIMIT)),
        )
        .route("/certificates/{cycle}", get(certificate::download))
        // POST /appeal-files/{cycle} adds evidence to an appeal; GET /appeal-files/{id}/{variant} views it.
        .route(
            "/appeal-files/{cycle}",
            post(appeal_files::upload).layer(axum::extract::DefaultBodyLimit::max(evidence::BODY_LIMIT)),
        )
        .route(
            "/appeal-files/{id}/{variant}",
            get(stored_files::view).route_layer(Extension(stored_files::Source::AppealFile)),
        )
        .route("/api/{*fn_name}", get(server_fns).post(server_fns))
        .nest_service("/pkg", assets::service(&state.leptos_options))
        .leptos_routes_with_context(
            &state,
            routes,
            move || {
                provide_context(store.clone());
                provide_context(settings.clone());
                provide_context(mail.clone());
            },
            move || shell(options.clone()),
        )
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(axum::middleware::from_fn(server_fn_status))
        .layer(axum::middleware::from_fn_with_state(state.clone(), csrf::guard))
        .layer(axum::middleware::from_fn(respond::within_time_limit))
        .layer(axum::middleware::from_fn(respond::render_errors))
        // A streamed page or file that stalls is cut off instead of holding the connection.
        .layer(tower_http::timeout::ResponseBodyTimeoutLayer::new(std::time::Duration::from_secs(60)))
        .layer(axum::middleware::from_fn_with_state(state.clone(), security::headers))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}
