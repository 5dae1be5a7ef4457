//! Magic-byte sniffing: must never panic or read out of bounds, and must agree with the pipeline:
//! whatever `detect` rejects, `process` rejects as unsupported before any decoder sees it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use media::{Kind, Limits, MediaError, detect, process};

fuzz_target!(|bytes: &[u8]| {
    let kind = detect(bytes);
    if kind.is_none() && !bytes.is_empty() {
        assert_eq!(process(bytes, &Limits::default()).unwrap_err(), MediaError::UnsupportedType);
    }
    // Detection looks at a fixed-size prefix only; appending data never changes the answer.
    if bytes.len() >= 12 {
        let mut longer = bytes.to_vec();
        longer.extend_from_slice(b"%%EOF trailing");
        assert_eq!(detect(&longer), kind);
    }
    if kind == Some(Kind::Pdf) {
        assert!(bytes.starts_with(b"%PDF-"));
    }
});
