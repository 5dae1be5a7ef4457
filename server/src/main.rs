use leptos::config::get_configuration;
use server::{AppState, Config, router};
use std::net::SocketAddr;
use tokio::net::TcpListener;

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .init();
    if let Err(e) = run().await {
        tracing::error!("{e}");
        std::process::exit(1);
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let config = Config::from_env();
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("national") {
        return server::national::run(&config, &args[1..]).await;
    }
    config.mail()?;
    tracing::info!(evidence = %config.blobs()?.describe(), "stored files");
    let mut leptos_options = get_configuration(None)?.leptos_options;
    server::assets::configure(&mut leptos_options);
    let store = server::prepare_store(&config).await?;
    let addr = leptos_options.site_addr;
    // Accreditations expire by date, and those ending within six months are announced: checked now
    // and every hour (idempotent across servers).
    let housekeeping = store.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            tick.tick().await;
            if let Err(e) = store::notifications::announce_expiring(&housekeeping, &store::today(), 183).await {
                tracing::warn!(%e, "expiring-soon check failed");
            }
            match store::decision::expire_due(&housekeeping, &store::today()).await {
                Ok(expired) if !expired.is_empty() => tracing::info!(count = expired.len(), "accreditations expired"),
                Ok(_) => {}
                Err(e) => tracing::warn!(%e, "expiry check failed"),
            }
        }
    });
    let app = router(AppState::new(leptos_options, store, &config));

    let listener = TcpListener::bind(addr).await?;
    tracing::info!("listening on http://{}", listener.local_addr()?);
    // Without TCP_NODELAY, streamed responses wait ~40 ms per keep-alive request (Nagle).
    let listener = axum::serve::ListenerExt::tap_io(listener, |tcp| {
        let _ = tcp.set_nodelay(true);
    });
    axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown())
        .await?;
    Ok(())
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down");
}
