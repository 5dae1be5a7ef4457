#!/usr/bin/env python3
"""Load benchmark of a running server: signs in each role, runs oha against every page and
server function that role uses, then score saves at 50 and 200 connections (closed loop with wrk,
open loop at a constant offered rate with oha -q), and writes a markdown table.

    python3 scripts/load-bench.py --base http://127.0.0.1:3000 --users demo --out bench.md

Only the Python standard library; the load itself comes from oha and wrk (scripts/bench-tools.sh
installs them). Read-only endpoints only, except score saves; those go to one assigned cycle of
the assessor account, with change ids that carry this run's prefix, and afterwards the database
(--db, read with the sqlite3 CLI, or psql for a postgres:// URL) is checked: every acknowledged save stored once.
"""

import argparse
import http.client
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse

PASSWORD = "demo-lksa-2026"

# role -> username. The national accounts follow the national data set's naming.
USERS = {
    "demo": {
        "manager": "pengelola",
        "assessor": "asesor1",
        "supervisor": "supervisor",
        "dinsos-regency": "dinsos.magetan",
        "dinsos-province": "dinsos.kalsel",
        "administrator": "admin",
    },
    "national": {
        "manager": "pengelola.00001",
        "assessor": "asesor.0001",
        "dinsos-regency": "dinsos.63.71",
        "dinsos-province": "dinsos.63",
        "administrator": "admin.nasional",
    },
}

FORM = "application/x-www-form-urlencoded"


class Client:
    def __init__(self, base):
        u = urllib.parse.urlsplit(base)
        self.base = base.rstrip("/")
        self.host, self.port = u.hostname, u.port or 80

    def request(self, method, path, cookie=None, body=None, ctype=None):
        conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
        headers = {"Origin": self.base}
        if cookie:
            headers["Cookie"] = cookie
        if body is not None:
            headers["Content-Type"] = ctype or FORM
        conn.request(method, path, body=body, headers=headers)
        r = conn.getresponse()
        data = r.read()
        result = (r.status, r.getheaders(), data)
        conn.close()
        return result

    def login(self, username, password):
        body = urllib.parse.urlencode({"username": username, "password": password, "next": "/"})
        status, headers, _ = self.request("POST", "/auth/login", body=body)
        for name, value in headers:
            if name.lower() == "set-cookie" and value.startswith("lksa_session=") and "Max-Age=0" not in value:
                token = value.split(";", 1)[0]
                if token != "lksa_session=":
                    return token
        raise SystemExit(f"sign-in as {username} failed (status {status}); is the data set loaded?")

    def fn(self, cookie, name, **args):
        """Calls a server function as the WASM does; returns the decoded JSON or None."""
        status, _, data = self.request("POST", f"/api/{name}", cookie, urllib.parse.urlencode(args))
        if status != 200:
            return None
        return json.loads(data)

    def get_json(self, cookie, path):
        status, _, data = self.request("GET", path, cookie)
        return json.loads(data) if status == 200 else None


class Endpoint:
    def __init__(self, label, path, method="GET", body=None, ctype=None):
        self.label, self.path, self.method, self.body, self.ctype = label, path, method, body, ctype


def page(path):
    return Endpoint(path, path)


def server_fn(name, **args):
    label = f"fn {name}" + (f"({', '.join(args)})" if args else "")
    return Endpoint(label, f"/api/{name}", "POST", urllib.parse.urlencode(args), FORM)


def cycles_of(client, cookie):
    """Every cycle the caller may see, as (institution id, cycle) pairs, via /api/v1."""
    out = []
    for inst in client.get_json(cookie, "/api/v1/institutions") or []:
        for c in client.get_json(cookie, f"/api/v1/institutions/{inst['id']}/cycles") or []:
            out.append((inst["id"], c))
            if len(out) >= 400:
                return out
    return out


def first(items, pred):
    return next((x for x in items if pred(x)), None)


def discover(client, role, cookie, notes):
    """The pages and server functions a role uses, with ids found from its own answers."""
    eps = [page("/"), server_fn("current_user"), server_fn("home"), page("/registry"), page("/registry?page=2"),
           server_fn("registry"), page("/instrument"), server_fn("instrument")]
    home = client.fn(cookie, "home") or {}
    me = client.fn(cookie, "current_user") or {}
    if role == "manager":
        iid = me.get("institution_id")
        eps += [page("/self-assessment"), server_fn("self_assessment")]
        if iid:
            eps += [page(f"/institutions/{iid}"), server_fn("institution", id=iid)]
    elif role in ("assessor", "supervisor"):
        eps += [page("/conflicts"), server_fn("conflicts")]
        assignments = (home.get("Assessor") or {}).get("assignments", [])
        open_visit = first(assignments, lambda a: a.get("duty") == "assessor"
                           and a["state"] in ("assessors_assigned", "visit_scheduled"))
        if open_visit:
            c = open_visit["cycle_id"]
            eps += [page(f"/visits/{c}"), server_fn("visit_package", cycle_id=c)]
        elif role == "assessor":
            notes.append(f"{role}: no assignment with an open visit; visit page not measured")
        rec = first(assignments, lambda a: a.get("reconciles") and a["state"] in ("visited", "reconciled"))
        if role == "supervisor":
            if rec:
                c = rec["cycle_id"]
                eps += [page(f"/reconcile/{c}"), server_fn("reconciliation", cycle_id=c)]
            else:
                notes.append("supervisor: no visited or reconciled cycle to reconcile; reconcile page not measured")
    elif role.startswith("dinsos") or role == "administrator":
        eps += [page("/dashboard"), server_fn("dashboard"), page("/exports/results.csv"),
                page("/api/v1/institutions")]
        if role.startswith("dinsos"):
            eps += [page("/intake"), page("/intake?page=2"), server_fn("intake_queue")]
            # intake_queue answers [items, page]: one page of the queue and where it stands.
            queue = (client.fn(cookie, "intake_queue") or [[], None])[0]
            if queue:
                c = queue[0]["cycle_id"]
                eps += [page(f"/intake/{c}"), server_fn("intake_review", cycle_id=c)]
            cycles = cycles_of(client, cookie)
            if cycles:
                iid = cycles[0][0]
                eps += [page(f"/institutions/{iid}"), server_fn("institution", id=iid),
                        page(f"/api/v1/institutions/{iid}/cycles")]
            dec = first(cycles, lambda x: x[1]["state"] in ("reconciled", "decided"))
            if dec:
                c = dec[1]["id"]
                eps += [page(f"/decisions/{c}"), server_fn("decision_page", cycle_id=c), page(f"/audit/{c}"),
                        server_fn("cycle_audit", cycle_id=c)]
            else:
                notes.append(f"{role}: no reconciled or decided cycle in scope; decision page not measured")
            done = first(cycles, lambda x: x[1]["state"] == "decided")
            if done:
                c = done[1]["id"]
                eps += [page(f"/certificates/{c}"), page(f"/api/v1/cycles/{c}/result")]
            else:
                notes.append(f"{role}: no decided cycle in scope; certificate not measured")
    return eps


def anonymous_endpoints(client, notes):
    eps = [page("/login"), page("/registry"), page("/registry?page=2"), server_fn("registry"),
           page("/api/v1/registry"), page("/healthz")]
    reg = client.get_json(None, "/api/v1/registry") or []
    entry = first(reg, lambda e: e.get("verification_url"))
    if entry:
        url = entry["verification_url"]
        eps += [page(url), server_fn("verify_certificate", code=url.rsplit("/", 1)[1])]
    else:
        notes.append("anonymous: no certificate in the registry; verification page not measured")
    return eps


def run(cmd, env=None):
    p = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[:3])}... failed: {p.stderr.strip()[:400]}")
    return p.stdout


def oha(url, duration, connections, cookie=None, method="GET", body=None, ctype=None, body_lines=None, rate=None):
    cmd = ["oha", "-z", duration, "-c", str(connections), "--no-tui", "--output-format", "json", "-w"]
    if cookie:
        cmd += ["-H", f"Cookie: {cookie}"]
    if method != "GET":
        cmd += ["-m", method]
    if body is not None:
        cmd += ["-d", body]
    if body_lines is not None:
        cmd += ["-Z", body_lines]
    if ctype:
        cmd += ["-T", ctype]
    if rate:
        cmd += ["-q", str(rate), "--latency-correction"]
    out = json.loads(run(cmd + [url]))
    s, pct = out["summary"], out["latencyPercentiles"]
    codes = {int(k): v for k, v in (out.get("statusCodeDistribution") or {}).items()}
    ok = sum(v for k, v in codes.items() if 200 <= k < 300)
    failed = sum((out.get("errorDistribution") or {}).values())
    return {
        "p50": (pct.get("p50") or 0) * 1000, "p95": (pct.get("p95") or 0) * 1000, "p99": (pct.get("p99") or 0) * 1000,
        "rps": s.get("requestsPerSec") or 0, "ok": ok, "errors": sum(codes.values()) - ok + failed,
        "bytes": s.get("sizePerRequest") or 0, "codes": codes, "error_kinds": out.get("errorDistribution") or {},
    }


def row(role, label, conns, r, raw=None):
    return (f"| {role} | {label} | {conns} | {r['p50']:.1f} | {r['p95']:.1f} | {r['p99']:.1f} | {r['rps']:.0f} "
            f"| {r['errors']} | {r['bytes']:.0f} | {'' if raw is None else raw} |")


def stored_count(db, prefix):
    if not db:
        return None
    q = (f"select count(*), count(distinct change_id) from visit_changes where change_id like '{prefix}-%'")
    if db.startswith(("postgres://", "postgresql://")):
        out = run(["psql", db, "-Atc", q]).strip().split("|")
    else:
        out = run(["sqlite3", "-readonly", db, q]).strip().split("|")
    return int(out[0]), int(out[1])


def save_benchmarks(client, args, cookie, notes, lines, checks):
    home = client.fn(cookie, "home") or {}
    assignments = (home.get("Assessor") or {}).get("assignments", [])
    visit = first(assignments, lambda a: a.get("duty") == "assessor"
                  and a["state"] in ("assessors_assigned", "visit_scheduled"))
    if not visit:
        notes.append("score saves: the assessor has no cycle with an open visit; saves not measured")
        return
    cycle = visit["cycle_id"]
    package = client.fn(cookie, "visit_package", cycle_id=cycle)
    codes = [i["code"] for comp in package["instrument"]["components"] for i in comp["indicators"]]
    run_id = f"bench{int(time.time())}"
    probe = json.dumps({"cycle_id": cycle, "changes": [{"change_id": f"{run_id}-probe", "code": codes[0], "score": 2,
                                                         "note": "", "check_on_site": False}]})
    status, _, data = client.request("POST", "/api/sync_visit", cookie, probe, "application/json")
    if status != 200 or b"Stored" not in data:
        notes.append(f"score saves: a probe save was not stored ({status} {data[:80]!r}); saves not measured")
        return
    url = f"{client.base}/api/sync_visit"
    seconds = parse_seconds(args.save_duration)
    tmp = tempfile.mkdtemp(prefix="load-bench-")
    pairs_file, who = "", "closed loop (wrk)"
    if args.save_assessors > 1:
        pairs = other_assessors(client, args, cookie, cycle)
        pairs_file = os.path.join(tmp, "pairs.txt")
        with open(pairs_file, "w") as f:
            f.writelines(f"{c} {k}\n" for c, k in pairs)
        who = f"closed loop (wrk), {len(pairs)} assessors on {len({c for c, _ in pairs})} visits"
    try:
        for conns in args.save_connections:
            # Closed loop: each connection sends its next save as soon as the last one is answered.
            prefix = f"{run_id}-c{conns}"
            env = dict(os.environ, BENCH_CYCLE=cycle, BENCH_COOKIE=cookie, BENCH_CODES=",".join(codes),
                       BENCH_PREFIX=prefix, BENCH_PAIRS_FILE=pairs_file)
            threads = min(2, conns)
            out = run(["wrk", "-t", str(threads), "-c", str(conns), "-d", args.save_duration, "--timeout", "10s",
                       "-s", args.lua, url], env=env)
            w = json.loads(next(line for line in out.splitlines() if line.startswith("WRKJSON "))[8:])
            errors = w["not_acked"] + w["connect_errors"] + w["read_errors"] + w["write_errors"] + w["timeouts"]
            r = {"p50": w["p50_us"] / 1000, "p95": w["p95_us"] / 1000, "p99": w["p99_us"] / 1000,
                 "rps": w["requests"] / (w["duration_us"] / 1e6), "errors": errors,
                 "bytes": w["bytes"] / max(w["requests"], 1)}
            lines.append(row("assessor", f"save, {who}", conns, r))
            print(lines[-1], flush=True)
            stored = stored_count(args.db, prefix)
            if stored is not None:
                rows, distinct = stored
                good = rows == distinct and rows >= w["acked"] and rows <= w["sent"]
                checks.append(f"closed loop, {conns} connections: {w['acked']} saves acknowledged, {w['sent']} sent, "
                              f"{rows} stored ({distinct} distinct change ids) — "
                              + ("every acknowledged save stored once" if good else "MISMATCH"))
            # Open loop: a constant offered rate however slowly the server answers. oha picks each
            # request's body at random from a file of unique single-change batches (-Z); the file is
            # 50x larger than the requests sent so that few are picked twice (a replay, stored once).
            prefix = f"{run_id}-o{conns}"
            expected = int(args.save_rate * seconds)
            pool = max(50 * expected, 10_000)
            path = os.path.join(tmp, f"bodies-{conns}.jsonl")
            with open(path, "w") as f:
                for n in range(pool):
                    f.write(f'{{"cycle_id":"{cycle}","changes":[{{"change_id":"{prefix}-{n}","code":"{codes[n % len(codes)]}",'
                            f'"score":{n % 5},"note":"","check_on_site":false}}]}}\n')
            r = oha(url, args.save_duration, conns, cookie, "POST", body_lines=path, ctype="application/json",
                    rate=args.save_rate)
            lines.append(row("assessor", f"save, open loop {args.save_rate}/s (oha -q)", conns, r))
            print(lines[-1], flush=True)
            os.unlink(path)
            stored = stored_count(args.db, prefix)
            if stored is not None:
                rows, distinct = stored
                # With bodies drawn at random, a few are sent twice and stored once: the stored
                # count lies between the expected number of distinct draws and the acknowledged count.
                sent = r["ok"]
                distinct_expected = pool * (1 - (1 - 1 / pool) ** sent)
                good = rows == distinct and rows <= sent and rows >= int(distinct_expected * 0.99)
                checks.append(f"open loop, {conns} connections: {sent} saves acknowledged, {rows} stored "
                              f"({distinct} distinct change ids; ~{distinct_expected:.0f} distinct bodies expected "
                              "among those sent) — " + ("every acknowledged save stored once" if good else "MISMATCH"))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def other_assessors(client, args, cookie, cycle):
    """(cycle, cookie) of up to --save-assessors assessors with an open visit, the first one
    included: the national accounts asesor.0001, asesor.0002, … signed in one by one."""
    pairs, number = [(cycle, cookie)], 1
    while len(pairs) < args.save_assessors and number < 10 * args.save_assessors + 20:
        number += 1
        try:
            other = client.login(f"asesor.{number:04d}", args.password)
        except SystemExit:  # an account that does not exist (or is locked) ends nothing
            continue
        visits = ((client.fn(other, "home") or {}).get("Assessor") or {}).get("assignments", [])
        open_visit = first(visits, lambda a: a.get("duty") == "assessor" and a["state"] == "assessors_assigned")
        if open_visit:
            pairs.append((open_visit["cycle_id"], other))
    return pairs


def parse_seconds(d):
    m = re.fullmatch(r"(\d+(?:\.\d+)?)(ms|s|m|h)?", d)
    if not m:
        raise SystemExit(f"bad duration {d}")
    return float(m.group(1)) * {"ms": 0.001, "s": 1, "m": 60, "h": 3600, None: 1}[m.group(2)]


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--base", default="http://127.0.0.1:3000")
    p.add_argument("--duration", default="10s", help="per endpoint, oha/wrk syntax (10s, 1m)")
    p.add_argument("--connections", type=int, default=4, help="concurrent users for pages and server functions")
    p.add_argument("--users", choices=sorted(USERS), default="demo")
    p.add_argument("--user", action="append", default=[], metavar="ROLE=USERNAME",
                   help="override or add an account, e.g. supervisor=asesor.0002")
    p.add_argument("--password", default=PASSWORD)
    p.add_argument("--roles", default="", help="comma-separated subset of roles (and 'anonymous')")
    p.add_argument("--save-connections", default="50,200")
    p.add_argument("--save-duration", help="per score-save run; default --duration")
    p.add_argument("--save-rate", type=int, default=1000, help="offered saves/s of the open loop")
    p.add_argument("--save-assessors", type=int, default=1,
                   help="closed-loop saves as this many national assessors (asesor.0001…), each to an open visit")
    p.add_argument("--no-saves", action="store_true")
    p.add_argument("--no-pages", action="store_true")
    p.add_argument("--list", action="store_true", help="only sign in and list the endpoints with their status")
    p.add_argument("--db", help="the server's SQLite file or PostgreSQL URL, to check that acknowledged saves "
                                "are stored once")
    p.add_argument("--lua", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "load-bench-save.lua"))
    p.add_argument("--out", help="write the markdown table here")
    args = p.parse_args()
    args.save_duration = args.save_duration or args.duration
    args.save_connections = [int(c) for c in args.save_connections.split(",") if c]
    for tool in ("oha", "wrk"):
        if not shutil.which(tool) and not args.list:
            raise SystemExit(f"{tool} not found: run scripts/bench-tools.sh")

    users = dict(USERS[args.users])
    for item in args.user:
        role, _, name = item.partition("=")
        users[role] = name
    wanted = set(filter(None, args.roles.split(",")))
    client = Client(args.base)
    notes, checks = [], []
    lines = ["| role | endpoint | connections | p50 ms | p95 ms | p99 ms | req/s | errors | bytes (wire) | bytes (raw) |",
             "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    print("\n".join(lines), flush=True)

    if not args.no_pages:
        roles = [("anonymous", None)] + list(users.items())
        for role, username in roles:
            if wanted and role not in wanted:
                continue
            cookie = client.login(username, args.password) if username else None
            eps = discover(client, role, cookie, notes) if username else anonymous_endpoints(client, notes)
            who = f"{role} ({username})" if username else role
            for ep in eps:
                status, _, data = client.request(ep.method, ep.path, cookie, ep.body, ep.ctype)
                if not 200 <= status < 300:
                    notes.append(f"{who}: {ep.method} {ep.path} answered {status}; not measured")
                    continue
                if args.list:
                    print(f"{who}: {ep.method} {ep.path} {ep.body or ''} -> {status}")
                    continue
                r = oha(client.base + ep.path, args.duration, args.connections, cookie, ep.method, ep.body, ep.ctype)
                lines.append(row(who, ep.label, args.connections, r, len(data)))
                print(lines[-1], flush=True)
    if not args.no_saves and not args.list and (not wanted or "assessor" in wanted):
        cookie = client.login(users["assessor"], args.password)
        save_benchmarks(client, args, cookie, notes, lines, checks)

    text = "\n".join(lines) + "\n"
    if checks:
        text += "\nSaves stored:\n\n" + "".join(f"- {c}\n" for c in checks)
    if notes:
        text += "\nNot measured:\n\n" + "".join(f"- {n}\n" for n in notes)
    print(text[len("\n".join(lines)) + 1:], flush=True)
    if args.out:
        with open(args.out, "w") as f:
            f.write(text)
    if any("MISMATCH" in c for c in checks):
        sys.exit(1)


if __name__ == "__main__":
    main()
