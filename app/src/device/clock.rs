//! The device's clock: now, and a moment as the device's local time of day.

/// Milliseconds since the epoch.
pub fn now_ms() -> f64 {
    #[cfg(feature = "hydrate")]
    {
        js_sys::Date::now()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as f64).unwrap_or(0.0)
    }
}

/// Hour, minute and second of `ms` in the device's time zone (UTC where there is no browser).
pub fn local_hms(ms: f64) -> (u8, u8, u8) {
    #[cfg(feature = "hydrate")]
    {
        let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms));
        // Each is below 60 (24 for hours).
        (d.get_hours() as u8, d.get_minutes() as u8, d.get_seconds() as u8)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let s = (ms / 1000.0) as i64;
        let day = s.rem_euclid(86_400);
        ((day / 3600) as u8, (day % 3600 / 60) as u8, (day % 60) as u8)
    }
}
