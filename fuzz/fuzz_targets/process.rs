//! The whole evidence pipeline on arbitrary bytes with the server's limits. Any panic is a crash; so
//! is any allocation above `-malloc_limit_mb` (see SECURITY.md), because the pipeline promises to
//! stay within `Limits::peak_bytes_per_job`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use media::{Kind, Limits, MediaError, process};

fuzz_target!(|bytes: &[u8]| {
    let limits = Limits::default();
    match process(bytes, &limits) {
        Ok(out) => {
            // What is stored must be what the pipeline says it is, and photos must fit the limits.
            assert_eq!(media::detect(&out.bytes), Some(out.kind));
            if out.kind == Kind::Photo {
                assert!(out.width.max(out.height) <= limits.long_edge);
                assert!(out.width > 0 && out.height > 0);
                assert!(out.thumbnail.is_some());
            }
        }
        Err(MediaError::Empty) => assert!(bytes.is_empty()),
        Err(MediaError::UnsupportedType) => assert_eq!(media::detect(bytes), None),
        Err(_) => {}
    }
});
