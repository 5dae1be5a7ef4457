//! Instrument files (TOML) as the server reads them: `toml` into `domain::Instrument`, then the
//! domain's validation, exactly as `store::instruments::parse` does. A valid instrument is then
//! walked the way the pages use it, so validation that lets through something the readers trip
//! over shows up as a crash.
#![no_main]

use domain::{Instrument, instrument::MAX_LEVEL};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else { return };
    let Ok(instrument) = toml::from_str::<Instrument>(text) else { return };
    if instrument.validate().is_err() {
        return;
    }
    let mut count = 0;
    for (component, indicator) in instrument.indicators() {
        count += 1;
        // Validation guarantees unique codes, so lookup by code finds this very indicator.
        let (found_component, found) = instrument.find_indicator(&indicator.code).expect("every indicator is found");
        assert!(std::ptr::eq(found, indicator) && std::ptr::eq(found_component, component));
        for level in 0..=MAX_LEVEL {
            let _ = instrument.descriptor(indicator, level);
        }
    }
    assert_eq!(count, instrument.indicator_count());
});
