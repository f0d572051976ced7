#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Keeps the layer table of docs/architecture.md true: every #include "waypoint/..." of the
library, the C API and the command points down the table (model -> data -> eval -> io -> report
-> c api, cli), and the public headers include one another without a cycle.

Usage: check_layers.py SOURCE_DIR. Prints each violation and exits 1 if there is one.
"""
import re
import sys
from pathlib import Path

# What each layer may include (besides itself): docs/architecture.md, "Layers".
BASE = {"error.hpp", "version.hpp"}
ALLOWED = {
    "model": {"model"},
    "data": {"model", "data"},
    "eval": {"model", "data", "eval"},
    "text": {"model", "data", "eval"},  # src/text: the label catalogues, library-private, under io and report
    "io": {"model", "data", "eval", "io"},
    "report": {"model", "data", "eval", "report"},  # not io: value labels are model/text.hpp
    "capi": {"model", "data", "eval", "io", "report"},  # it renders the reports too
    "cli": {"model", "data", "eval", "io", "report", "umbrella"},
}
INCLUDE = re.compile(r'^\s*#\s*include\s+[<"](waypoint/[^">]+)[">]', re.M)


def layer_of_header(name):
    """The layer of a header named as it is included, e.g. waypoint/eval/stats.hpp -> eval."""
    parts = name.split("/")
    if len(parts) == 2:
        if parts[1] == "waypoint.h":
            return "capi"  # the C API's own header
        return "base" if parts[1] in BASE else "umbrella"  # core.hpp, waypoint.hpp
    return parts[1]


def layer_of_file(root, path):
    rel = path.relative_to(root).as_posix()
    if rel.startswith("include/waypoint/"):
        layer = layer_of_header(rel[len("include/"):])
        return None if layer == "capi" else layer  # waypoint.h includes no waypoint header
    for prefix, layer in (("src/text/", "text"), ("src/io/", "io"), ("src/report/", "report"), ("src/capi/", "capi"), ("apps/", "cli")):
        if rel.startswith(prefix):
            return layer
    return None


def main():
    root = Path(sys.argv[1]).resolve()
    files = [p for d in ("include", "src", "apps") for p in sorted((root / d).rglob("*")) if p.suffix in (".hpp", ".cpp", ".h")]
    bad = []
    graph = {}
    for path in files:
        layer = layer_of_file(root, path)
        if layer is None:
            continue
        includes = INCLUDE.findall(path.read_text(encoding="utf-8"))
        rel = path.relative_to(root).as_posix()
        if rel.startswith("include/"):
            graph[rel[len("include/"):]] = includes
        if layer in ("umbrella", "base"):
            continue
        for inc in includes:
            target = layer_of_header(inc)
            if target == "base" or target in ALLOWED[layer] or target == layer:
                continue
            if target == "umbrella" and layer == "cli":
                continue
            bad.append(f"{rel}: the {layer} layer includes {inc} ({target})")
        # Outside eval, the methods are reached through the registry (eval/methods.hpp), and pure
        # statistics through eval/stats.hpp: never through one method's header.
        if layer != "eval":
            for inc in includes:
                if inc.startswith("waypoint/eval/methods/"):
                    bad.append(f"{rel}: includes the method header {inc}; use eval/methods.hpp or eval/stats.hpp")

    # No include cycle among the public headers.
    state = {}

    def visit(node, stack):
        state[node] = 1
        stack.append(node)
        for nxt in graph.get(node, []):
            if state.get(nxt) == 1:
                bad.append("include cycle: " + " -> ".join(stack[stack.index(nxt):] + [nxt]))
            elif nxt in graph and not state.get(nxt):
                visit(nxt, stack)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if not state.get(node):
            visit(node, [])

    for b in bad:
        print(b)
    print(f"{len(files)} files, {len(graph)} public headers: " + ("layers hold" if not bad else f"{len(bad)} violation(s)"))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
