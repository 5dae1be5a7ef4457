//! `server national [institutions] [seed]`: fills the configured database (`DATABASE_URL`) with
//! the deterministic national data set of `store::national` (14,445 institutions by default),
//! beside the demo data, for the load benchmark (`make national`, BENCHMARKS.md). A database
//! that already holds the set is refused, so running twice changes nothing.

use crate::{Config, INSTRUMENT_FILE, prepare_store};
use std::error::Error;

pub async fn run(config: &Config, args: &[String]) -> Result<(), Box<dyn Error>> {
    let institutions = match args.first() {
        Some(n) => n.parse().map_err(|_| format!("not a number of institutions: {n}"))?,
        None => store::national::NATIONAL_INSTITUTIONS,
    };
    let mut scale = store::national::Scale::of(institutions);
    if let Some(seed) = args.get(1) {
        scale.seed = seed.parse().map_err(|_| format!("not a seed: {seed}"))?;
    }
    let store = prepare_store(config).await?;
    let text = match &config.instrument_file {
        Some(path) => std::fs::read_to_string(path)?,
        None => INSTRUMENT_FILE.to_string(),
    };
    let code = store::instruments::parse(&text)?.code;
    let (version, _) = store::instruments::current(&store, &code).await?.ok_or("no instrument is loaded")?;
    // Every generated account signs in with the demo password, hashed once.
    let hash = store.hasher.hash(store::demo::DEMO_PASSWORD.to_string()).await?;
    let g = store::national::generate(&store, &version, &scale, &hash).await?;
    println!(
        "generated {} institutions, {} users, {} cycles, {} score rows, {} certificates in {:.1} s",
        g.institutions,
        g.users,
        g.cycles,
        g.score_rows,
        g.certificates,
        g.millis as f64 / 1000.0
    );
    Ok(())
}
