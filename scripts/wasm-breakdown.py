#!/usr/bin/env python3
"""Sums a WASM file's code and data by the crate each function comes from, from `twiggy top`
on a build that kept its function names: the main module the splitter writes before wasm-bindgen
and wasm-opt (`$CARGO_TARGET_DIR/front/wasm32-unknown-unknown/wasm-release/frontend_split.wasm`),
or `frontend.wasm` for the whole app. Sizes are before wasm-opt (which shrinks code by about 30 %).
Usage: wasm-breakdown.py FILE.wasm [N]. The crate is the first path segment of the symbol, or of
the trait in `<T as crate::Trait>` impls (where the code is written), else of the type."""
import csv, io, re, subprocess, sys, collections

path = sys.argv[1]
top = int(sys.argv[2]) if len(sys.argv) > 2 else 25
out = subprocess.run(["twiggy", "top", "-n", "10000000", "-f", "csv", path], capture_output=True, text=True, check=True).stdout
sizes = collections.Counter()
total = 0
for row in csv.DictReader(io.StringIO(out)):
    name, size = row["Name"], int(row["ShallowSize"])
    total += size
    if "function names" in name or name.startswith("custom section") or name.startswith('export "'):
        continue  # names, bindgen sections and the splitter's export names are gone from the shipped file
    if name.startswith("data segment") or name.startswith("data["):
        crate = "(static data: strings, tables)"
    else:
        m = re.match(r"<[^<>]* as ([A-Za-z_][A-Za-z0-9_]*)", name) or re.match(r"<?([A-Za-z_][A-Za-z0-9_]*)", name)
        crate = m.group(1) if m else "(other)"
    sizes[crate] += size
shipped = sum(sizes.values())
print(f"{'crate':40} {'KiB':>8} {'share':>6}")
for crate, size in sizes.most_common(top):
    print(f"{crate:40} {size/1024:8.1f} {100*size/shipped:5.1f}%")
print(f"{'(all code and data)':40} {shipped/1024:8.1f}")
