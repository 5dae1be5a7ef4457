#!/usr/bin/env bash
# Prints the size of the WASM + JS that the login page loads (release build): raw, gzip -9 and
# brotli q11, the compressions a CDN or tower-http would serve.
set -euo pipefail
cd "$(dirname "$0")/.."
node -e '
const fs = require("fs"), zlib = require("zlib");
const dir = process.argv[1] || "target/site/pkg";
const files = [`${dir}/lksa.wasm`, `${dir}/lksa.js`];
let t = [0, 0, 0];
for (const f of files) {
  const b = fs.readFileSync(f);
  const g = zlib.gzipSync(b, { level: 9 }).length;
  const r = zlib.brotliCompressSync(b, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  t = [t[0] + b.length, t[1] + g, t[2] + r];
  console.log(`${f}: raw ${(b.length/1024).toFixed(1)} KiB, gzip ${(g/1024).toFixed(1)} KiB, brotli ${(r/1024).toFixed(1)} KiB`);
}
console.log(`total WASM+JS: raw ${(t[0]/1024).toFixed(1)} KiB, gzip ${(t[1]/1024).toFixed(1)} KiB, brotli ${(t[2]/1024).toFixed(1)} KiB`);
' "${1:-target/site/pkg}"
