#!/usr/bin/env python3
"""What each page makes a browser download before it works: the shell's WASM and JavaScript
(`lksa.*.js`, `lksa.*.wasm`, the chunk loader) plus the chunks its route needs according to the
split manifest (`cargo leptos build --split`), counted as the brotli files `--precompress` wrote
beside them, i.e. as they go over the wire.

    python3 scripts/size.py --site target/site [--base http://127.0.0.1:PORT] [--budget 150000]

Without --base it starts the release server (target/release/server) with demo data on a free
port in a temporary directory, and stops it. Each role's pages are found as the load benchmark
finds them (scripts/load-bench.py). Fails when the sign-in, home, registry or verification page
needs more than --budget bytes (brotli) of WASM + JavaScript, or a page names a missing file;
reports the pages above --goal (150 KB).
"""

import argparse
import importlib.util
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("load_bench", os.path.join(HERE, "load-bench.py"))
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)

# The pages a person meets first, on a phone: they must fit the budget.
SHELL_PAGES = ("/login", "/", "/registry", "/verify/…")
LINK = re.compile(r"""<link\b[^>]*\bhref="(/pkg/[^"]+\.(?:wasm|js))"[^>]*>""")
# Which chunk (app/src/routes.rs) shows a path; the sign-in page is in the shell.
ROUTES = [("/self-assessment", "manager_pages"), ("/instrument", "public_pages"), ("/dashboard", "office_pages"),
          ("/intake", "office_pages"), ("/visits/", "assessor_pages"), ("/reconcile/", "office_pages"),
          ("/audit/", "office_pages"), ("/decisions/", "office_pages"), ("/registry", "public_pages"),
          ("/verify/", "public_pages"), ("/conflicts", "assessor_pages"), ("/institutions/", "office_pages"),
          ("/login", None), ("/", "home_pages")]


def shell_files(pkg):
    """The files every page loads: the JS glue, the main WASM and the chunk loader."""
    names = os.listdir(pkg)
    pick = lambda pat: sorted(n for n in names if re.fullmatch(pat, n))
    js, wasm = pick(r"lksa\.[\w-]+\.js"), pick(r"lksa\.[\w-]+\.wasm")
    split, manifest = pick(r"__wasm_split\.[\w-]+\.js"), pick(r"__wasm_split_manifest\.[\w-]+\.json")
    if len(js) != 1 or len(wasm) != 1:
        raise SystemExit(f"expected one hashed lksa.*.js and lksa.*.wasm in {pkg}: build with `make build`")
    chunks = {}
    if manifest:
        with open(os.path.join(pkg, manifest[0])) as f:
            chunks = json.load(f)
    return ["/pkg/" + n for n in js + wasm + split], chunks


def page_files(path, shell, chunks):
    """What a first visit to `path` downloads: the shell and the chunks of its route."""
    route = next((r for prefix, r in ROUTES if path == prefix or (prefix.endswith("/") and path.startswith(prefix))
                  or path.startswith(prefix + "?") or (prefix != "/" and path.startswith(prefix))), "home_pages")
    if route is None:
        return list(shell)
    keys = [k for k in chunks if re.fullmatch(rf"{route}_\d+", k)]
    if len(keys) != 1:
        raise SystemExit(f"no chunk list for the {route} page in the split manifest")
    return list(shell) + ["/pkg/" + c + ".wasm" for c in chunks[keys[0]]]


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def start_server(binary, site, work):
    port = free_port()
    env = dict(os.environ, LEPTOS_SITE_ADDR=f"127.0.0.1:{port}", LEPTOS_SITE_ROOT=site, LEPTOS_OUTPUT_NAME="lksa",
               DATABASE_URL=f"sqlite://{work}/size.db", LKSA_EVIDENCE_DIR=f"{work}/evidence", RUST_LOG="warn")
    proc = subprocess.Popen([binary], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server stopped: {proc.stderr.read().decode()[-2000:]}")
        try:
            urllib.request.urlopen(base + "/healthz", timeout=2)
            return proc, base
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise SystemExit("the server did not answer /healthz within 60 s")


def wire_size(site, href):
    path = os.path.join(site, href.lstrip("/"))
    if not os.path.exists(path):
        raise SystemExit(f"{href} is named by a page but missing from {site}")
    br = path + ".br"
    if not os.path.exists(br):
        raise SystemExit(f"{br} missing: build with `cargo leptos build --release --split --precompress`")
    return os.path.getsize(br), os.path.getsize(path)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--site", default="target/site")
    p.add_argument("--base", help="a running server; default: start the release build with demo data")
    p.add_argument("--server", default=os.path.join(os.environ.get("CARGO_TARGET_DIR", "target"), "release/server"))
    p.add_argument("--budget", type=int, default=150_000,
                   help="bytes (brotli) of WASM + JS the first pages may need; more fails the run")
    p.add_argument("--goal", type=int, default=150_000, help="the target, reported (not enforced) when above --budget")
    p.add_argument("--out", help="write the markdown table here too")
    args = p.parse_args()
    site = os.path.abspath(args.site)

    proc = None
    work = tempfile.mkdtemp(prefix="lksa-size.")
    try:
        base = args.base
        if not base:
            proc, base = start_server(args.server, site, work)
        client = bench.Client(base)
        shell, chunks = shell_files(os.path.join(site, "pkg"))
        pages = {}
        for role, username in [("anonymous", None)] + list(bench.USERS["demo"].items()):
            cookie = client.login(username, bench.PASSWORD) if username else None
            notes = []
            eps = bench.discover(client, role, cookie, notes) if username else bench.anonymous_endpoints(client, notes)
            for ep in eps:
                if ep.method != "GET" or ep.path.startswith(("/api/", "/exports/", "/certificates/", "/healthz")):
                    continue
                status, headers, body = client.request("GET", ep.path, cookie)
                ctype = dict((k.lower(), v) for k, v in headers).get("content-type", "")
                if status != 200 or not ctype.startswith("text/html"):
                    continue
                for href in LINK.findall(body.decode("utf-8", "replace")):
                    wire_size(site, href)  # every file a page names must be there
                key = ep.path.split("?")[0]
                files = page_files(key, shell, chunks)
                key = re.sub(r"/[0-9a-f-]{8,}$|/\d+$", "/…", key)
                _, roles = pages.get(key, (None, []))
                pages[key] = (files, roles + ([] if role in roles else [role]))
        shared = None
        lines = ["| page (who opens it) | files | WASM + JS brotli | raw | within goal |", "| --- | ---: | ---: | ---: | --- |"]
        failures = []
        for key, (files, roles) in sorted(pages.items()):
            label = f"{key} ({', '.join(roles)})"
            sizes = [wire_size(site, f) for f in files]
            br, raw = sum(s[0] for s in sizes), sum(s[1] for s in sizes)
            first = key in SHELL_PAGES
            ok, goal = br <= args.budget, br <= args.goal
            mark = ("yes" if goal else "**no**") if first else ("yes" if goal else "(page chunk)")
            lines.append(f"| {label} | {len(files)} | {br / 1024:.1f} KiB ({br:,} B) | {raw / 1024:.1f} KiB | {mark} |")
            if first and not ok:
                failures.append(f"{label}: {br:,} B > {args.budget:,} B")
            if key == "/login":
                shared = files
        print("\n".join(lines))
        if shared:
            print("\nthe shell (every page): " + ", ".join(shared))
        if args.out:
            with open(args.out, "w") as f:
                f.write("\n".join(lines) + "\n")
        over_goal = [k for k, (files, _) in pages.items() if k in SHELL_PAGES
                     and sum(wire_size(site, f)[0] for f in files) > args.goal]
        if over_goal:
            print(f"\nabove the goal of {args.goal:,} B: " + ", ".join(sorted(over_goal)))
        if failures:
            raise SystemExit("over the first-load budget:\n  " + "\n  ".join(failures))
        if not pages:
            raise SystemExit("no page was measured")
    finally:
        if proc:
            proc.terminate()
            proc.wait(timeout=10)
        subprocess.run(["rm", "-rf", work])


if __name__ == "__main__":
    sys.exit(main())
