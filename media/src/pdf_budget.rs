//! What parsing a PDF with lopdf may cost, bounded before and during the parse.
//!
//! lopdf builds a tree of 120-byte `Object`s, so text such as `[0 0 0 0 ...]` grows about a hundred
//! times: a 15 MiB upload measured 1.5 GB. It also inflates object and cross-reference streams
//! eagerly. Neither is bounded by lopdf as a whole, so this module charges every place an object can
//! start, before parsing, against the same byte budget as photo decoding (see `tests/memory.rs`).
//!
//! The count must never be lower than what lopdf builds, so the rules lean towards overcounting:
//! - every byte that can begin an object counts (`(`, `<`, `[`, `/`, the first letter of
//!   `true`/`false`/`null`, and a number unless it continues a run of digits);
//! - stream bodies (binary images and fonts, never parsed into objects) are skipped, but only when
//!   they cannot hide an object: the body follows `>>`, whitespace and `stream` on a line without a
//!   comment, and contains no `obj` keyword that a cross-reference offset could point at;
//! - every cross-reference section (the first, and one per `/Prev` or `/XRefStm`) is charged as if
//!   its stream inflated to the limit with one entry per byte;
//! - object streams are charged after inflating, through lopdf's per-object filter.

use std::cell::Cell;

use lopdf::Object;

/// lopdf's own default is 256 MiB per stream. Real object streams hold a few hundred objects and
/// cross-reference streams a handful of bytes per object, so 1 MiB admits documents of about
/// 150 000 objects while keeping one crafted stream cheap.
pub(crate) const MAX_INFLATED_STREAM: usize = 1024 * 1024;
/// An `Object` is 120 bytes and lopdf collects arrays and dictionaries in growing vectors, which
/// may hold twice what they use.
const OBJECT_COST: u64 = 256;
/// A cross-reference entry is at least one byte of inflated stream and about 40 bytes in lopdf's
/// table; the inflated stream itself is held while the table is built.
const XREF_SECTION_COST: u64 = MAX_INFLATED_STREAM as u64 * 41;

/// What the raw bytes say before lopdf sees them.
pub(crate) struct Scan {
    pub(crate) encrypted: bool,
    pub(crate) bytes_needed: u64,
}

pub(crate) fn scan(bytes: &[u8]) -> Scan {
    let mut sections = 1;
    let mut encrypted = false;
    // Names are looked for everywhere (also in skipped bodies, where an offset could place a
    // trailer), decoded as lopdf decodes them so `/Encr#79pt` is still `Encrypt`.
    for (at, _) in bytes.iter().enumerate().filter(|&(_, &b)| b == b'/') {
        match decoded_name(&bytes[at + 1..]).as_deref() {
            Some(b"Encrypt") => encrypted = true,
            Some(b"Prev" | b"XRefStm") => sections += 1,
            _ => {}
        }
    }
    // Parsed objects, the upload's stream bodies copied into lopdf's tree, and the rewritten file.
    let bytes_needed = object_starts(bytes, true) * OBJECT_COST + sections * XREF_SECTION_COST + 3 * bytes.len() as u64;
    Scan { encrypted, bytes_needed }
}

/// Up to 16 name characters with `#xx` escapes resolved; longer names are none we look for.
fn decoded_name(rest: &[u8]) -> Option<Vec<u8>> {
    let mut name = Vec::new();
    let mut i = 0;
    while let Some(&b) = rest.get(i) {
        if b.is_ascii_whitespace() || b"()<>[]{}/%".contains(&b) || b == 0 {
            break;
        }
        if name.len() > 16 {
            return None;
        }
        let hex = |at: usize| rest.get(at).and_then(|&c| (c as char).to_digit(16));
        match (b, hex(i + 1), hex(i + 2)) {
            (b'#', Some(hi), Some(lo)) => {
                name.push((hi * 16 + lo) as u8);
                i += 3;
            }
            _ => {
                name.push(b);
                i += 1;
            }
        }
    }
    Some(name)
}

/// Positions where lopdf could begin an object, skipping provably inert stream bodies if asked.
fn object_starts(bytes: &[u8], skip_streams: bool) -> u64 {
    // Found once up front so deciding about each stream body is a binary search, not a rescan:
    // a file of nothing but `>>stream` lines must not cost quadratic time.
    let (ends, objs) =
        if skip_streams { (positions(bytes, b"endstream"), positions(bytes, b"obj")) } else { (vec![], vec![]) };
    let mut count = 0;
    let mut i = 0;
    while i < bytes.len() {
        if skip_streams && let Some(end) = inert_stream_body(bytes, i, &ends, &objs) {
            i = end;
            continue;
        }
        let b = bytes[i];
        let continues_number = i > 0 && bytes[i - 1].is_ascii_digit();
        if b"(<[/tfn+-.".contains(&b) || (b.is_ascii_digit() && !continues_number) {
            count += 1;
        }
        i += 1;
    }
    count
}

/// If a stream body starts at `at` (just after `>>`, spaces, `stream` and its end of line) and
/// cannot be parsed as objects, the index of its `endstream` (or the end of the file). An empty body
/// (`stream` right before `endstream`) is nothing to skip: answering `at` itself would never advance.
fn inert_stream_body(bytes: &[u8], at: usize, ends: &[usize], objs: &[usize]) -> Option<usize> {
    let head = &bytes[..at];
    let keyword = if head.ends_with(b"stream\r\n") {
        8
    } else if head.ends_with(b"stream\n") {
        7
    } else {
        return None;
    };
    let trimmed = head[..at - keyword].trim_ascii_end();
    let line_start = trimmed.iter().rposition(|&b| b == b'\n' || b == b'\r').map_or(0, |p| p + 1);
    if !trimmed.ends_with(b">>") || trimmed[line_start..].contains(&b'%') {
        return None;
    }
    let end = ends.get(ends.partition_point(|&e| e < at)).copied().unwrap_or(bytes.len());
    let first_obj = objs.get(objs.partition_point(|&o| o < at)).copied();
    (end > at && first_obj.is_none_or(|o| o + 3 > end)).then_some(end)
}

fn positions(haystack: &[u8], needle: &[u8]) -> Vec<usize> {
    haystack.windows(needle.len()).enumerate().filter(|(_, w)| *w == needle).map(|(i, _)| i).collect()
}

thread_local! {
    /// Budget left for object streams during one `Document::load` on this thread; lopdf's filter is
    /// a plain function pointer, so it cannot capture it.
    static REMAINING: Cell<u64> = const { Cell::new(0) };
    static EXCEEDED: Cell<bool> = const { Cell::new(false) };
}

/// Runs `load` with `budget` bytes for object streams; `None` if they needed more.
pub(crate) fn with_object_stream_budget<T>(budget: u64, load: impl FnOnce() -> T) -> Option<T> {
    REMAINING.set(budget);
    EXCEEDED.set(false);
    let loaded = load();
    (!EXCEEDED.replace(false)).then_some(loaded)
}

/// lopdf calls this for every object before it inflates object streams; an object stream that does
/// not fit the remaining budget is dropped and the load is marked as over budget.
pub(crate) fn charge_object_streams(id: (u32, u16), object: &mut Object) -> Option<((u32, u16), Object)> {
    if let Object::Stream(stream) = &*object
        && stream.dict.has_type(b"ObjStm")
    {
        let cost = match stream.get_plain_content_with_limit(MAX_INFLATED_STREAM) {
            Ok(plain) => object_starts(&plain, false) * OBJECT_COST + plain.len() as u64,
            // lopdf will fail on it the same way and skip it.
            Err(_) => 0,
        };
        match REMAINING.get().checked_sub(cost) {
            Some(left) => REMAINING.set(left),
            None => {
                EXCEEDED.set(true);
                return None;
            }
        }
    }
    // lopdf keeps using `object` for top-level objects but takes the returned one for members of
    // object streams, so both must be the object; the copy is short-lived.
    Some((id, object.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_every_possible_object_start() {
        assert_eq!(object_starts(b"[0 0 0]", true), 4);
        // Keywords may abut, and a real may end where another begins (`1.5` then `.5`); `n` and `t`
        // inside words are counted too, which errs on the safe side.
        assert_eq!(object_starts(b"nullnull 123 1.5.5", true), 2 + 1 + 5);
    }

    #[test]
    fn skips_only_inert_stream_bodies() {
        let body = b"<< /Length 9 >>\nstream\n0 0 0 0 0\nendstream";
        assert_eq!(object_starts(body, true) + 5, object_starts(body, false));
        let crlf = b"<< /Length 9 >>\r\nstream\r\n0 0 0 0 0\nendstream";
        assert_eq!(object_starts(crlf, true) + 5, object_starts(crlf, false));
        // A comment can fake the `>>`, and an `obj` inside could be reached through the xref.
        for hidden in [&b"% >>\nstream\n0 0 0 0 0\nendstream"[..], b"<< >>\nstream\n9 0 obj [0 0 0 0]\nendstream"] {
            assert_eq!(object_starts(hidden, true), object_starts(hidden, false));
        }
    }

    #[test]
    fn escaped_names_are_seen() {
        assert!(scan(b"trailer << /Encr#79pt 5 0 R >>").encrypted);
        assert!(!scan(b"trailer << /Root 1 0 R >>").encrypted);
        let one = scan(b"<< >>").bytes_needed;
        assert_eq!(scan(b"<</Prev 1 >>").bytes_needed - one, XREF_SECTION_COST + 2 * OBJECT_COST + 3 * 7);
    }
}
