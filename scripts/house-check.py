#!/usr/bin/env python3
"""House rules that tools do not check (run by `make lint`):
- no Rust source file over 400 lines outside tests;
- no import circle between the modules of a crate (`crate::a` uses `crate::b` and back),
  counted at the level of the workflow-step module (`pages::visit`, `api::decision`, `intake`).
Exits 1 with the offending files or circles."""
import collections
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CRATES = ["domain/src", "store/src", "media/src", "app/src", "server/src", "frontend/src"]
LIMIT = 400


def is_test(path):
    parts = path.split(os.sep)
    return "tests" in parts or parts[-1] in ("tests.rs", "testing.rs")


def module_of(src, path):
    parts = os.path.relpath(path, src)[:-3].split(os.sep)
    if parts[-1] in ("mod", "lib", "main"):
        parts = parts[:-1]
    return "::".join(parts)


def step(module):
    return "::".join(module.split("::")[:2])


def circles(graph):
    index, low, stack, on, found, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in list(graph):
        if v not in index:
            visit(v)
    return found


def main():
    problems = []
    for crate in CRATES:
        src = os.path.join(ROOT, crate)
        files = [os.path.join(d, f) for d, _, fs in os.walk(src) for f in fs if f.endswith(".rs")]
        modules = {module_of(src, f): f for f in files}
        graph = collections.defaultdict(set)
        for module, path in modules.items():
            text = open(path, encoding="utf-8").read()
            if not is_test(os.path.relpath(path, ROOT)):
                lines = text.count("\n")
                if lines > LIMIT:
                    problems.append(f"{os.path.relpath(path, ROOT)}: {lines} lines (limit {LIMIT})")
                # A file's own unit tests may use anything.
                text = text.split("#[cfg(test)]\nmod tests")[0]
            else:
                continue
            for ref in re.findall(r"crate::([a-z_][a-z0-9_]*(?:::[a-z_][a-z0-9_]*)*)", text):
                parts = ref.split("::")
                for k in range(len(parts), 0, -1):
                    target = "::".join(parts[:k])
                    if target in modules:
                        if step(target) != step(module):
                            graph[step(module)].add(step(target))
                        break
        for circle in circles(graph):
            problems.append(f"{crate}: import circle between {', '.join(circle)}")
    for p in problems:
        print(p)
    if problems:
        sys.exit(1)
    print(f"house rules hold: no source file over {LIMIT} lines, no import circles")


main()
