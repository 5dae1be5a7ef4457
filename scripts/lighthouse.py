#!/usr/bin/env python3
"""Lighthouse (mobile emulation, simulated slow 4G, Debian chromium) on the pages each role opens
first: sign-in, the manager's home and self-assessment, the assessor's visit, the registry.

    python3 scripts/lighthouse.py --site target/site [--base URL] [--runs 3] [--out table.md]

Without --base it starts the release server (target/release/server) with demo data on a free
port in a temporary directory, and stops it. Signed-in pages get the session cookie as a header.
Prints performance, accessibility and best-practices scores (the median of --runs) with LCP,
TBT, CLS, time to interactive (Lighthouse's mobile network: 1.6 Mbit/s, 150 ms) and the bytes transferred, and the failing audits of any category below 100.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import size  # noqa: E402  (starts the server and finds the pages as size.py does)

bench = size.bench
LIGHTHOUSE = os.path.join(HERE, "..", "end2end", "node_modules", ".bin", "lighthouse")
CATEGORIES = ("performance", "accessibility", "best-practices")


def pages(client):
    found = [("sign-in", None, "/login"), ("registry", None, "/registry")]
    cookie = client.login(bench.USERS["demo"]["manager"], bench.PASSWORD)
    found += [("manager home", cookie, "/"), ("self-assessment", cookie, "/self-assessment")]
    cookie = client.login(bench.USERS["demo"]["assessor"], bench.PASSWORD)
    visit = [e.path for e in bench.discover(client, "assessor", cookie, []) if e.path.startswith("/visits/")]
    if visit:
        found.append(("visit", cookie, visit[0]))
    return found


def run_once(url, cookie, work):
    out = os.path.join(work, "report.json")
    cmd = [LIGHTHOUSE, url, "--quiet", "--output=json", f"--output-path={out}",
           "--only-categories=" + ",".join(CATEGORIES),
           "--chrome-flags=--headless=new --no-sandbox --disable-gpu"]
    if cookie:
        cmd.append("--extra-headers=" + json.dumps({"Cookie": cookie}))
    env = dict(os.environ, CHROME_PATH=shutil.which("chromium") or "/usr/bin/chromium")
    # Lighthouse now and then fails to record a trace (NO_NAVSTART); one more try.
    if subprocess.run(cmd, env=env, timeout=300, stdout=subprocess.DEVNULL).returncode != 0:
        subprocess.run(cmd, check=True, env=env, timeout=300, stdout=subprocess.DEVNULL)
    with open(out) as f:
        return json.load(f)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--site", default="target/site")
    p.add_argument("--base")
    p.add_argument("--server", default=os.path.join(os.environ.get("CARGO_TARGET_DIR", "target"), "release/server"))
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--only", help="comma-separated page names")
    p.add_argument("--out")
    args = p.parse_args()
    work = tempfile.mkdtemp(prefix="lksa-lighthouse.")
    proc = None
    try:
        base = args.base
        if not base:
            proc, base = size.start_server(args.server, os.path.abspath(args.site), work)
        client = bench.Client(base)
        lines = ["| page | performance | accessibility | best practices | LCP s | TBT ms | CLS | TTI s | KiB transferred |",
                 "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
        problems = []
        wanted = set(filter(None, (args.only or "").split(",")))
        for name, cookie, path in pages(client):
            if wanted and name not in wanted:
                continue
            reports = [run_once(base + path, cookie, work) for _ in range(args.runs)]
            perf = [r["categories"]["performance"]["score"] * 100 for r in reports]
            # The report whose performance is the median stands for the page.
            rep = sorted(reports, key=lambda r: r["categories"]["performance"]["score"])[len(reports) // 2]
            a = rep["audits"]
            scores = [round(rep["categories"][c]["score"] * 100) for c in CATEGORIES]
            lines.append(f"| {name} | {round(statistics.median(perf))} ({', '.join(str(round(x)) for x in perf)}) | "
                         f"{scores[1]} | {scores[2]} | {a['largest-contentful-paint']['numericValue'] / 1000:.1f} | "
                         f"{a['total-blocking-time']['numericValue']:.0f} | {a['cumulative-layout-shift']['numericValue']:.3f} | "
                         f"{a['interactive']['numericValue'] / 1000 if 'interactive' in a else float('nan'):.1f} | "
                         f"{a['total-byte-weight']['numericValue'] / 1024:.0f} |")
            print(lines[-1], flush=True)
            for c in CATEGORIES:
                cat = rep["categories"][c]
                if cat["score"] < 1:
                    for ref in cat["auditRefs"]:
                        audit = a[ref["id"]]
                        if ref["weight"] > 0 and audit.get("score") is not None and audit["score"] < 1:
                            problems.append(f"{name} / {c}: {ref['id']} ({audit['score']}) {audit.get('displayValue', '')}")
        print("\n".join(lines))
        if problems:
            print("\nbelow 100:\n  " + "\n  ".join(problems))
        if args.out:
            with open(args.out, "w") as f:
                f.write("\n".join(lines) + "\n" + ("\n" + "\n".join(problems) + "\n" if problems else ""))
    finally:
        if proc:
            proc.terminate()
            proc.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
