#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Opens an HTML report in headless Chromium and checks what a reader would see.

    browser_check.py --chromium PATH --html REPORT.html [--lang fr --catalogue po/fr.po --plan plan.yaml]
                     [--expect-console-error]

- The page loads, and the DOM Chromium built (`--dump-dom`) holds the report's `<main>` parts:
  the summary and at least one chart.
- The browser logged no console message (Chromium's `--enable-logging=stderr` writes each as
  `...:CONSOLE:line] "message"`): no script error, no blocked or failed resource, no CSP violation. With
  `--expect-console-error`, the opposite must hold: the self-check that a page which logs an
  error fails this test (so the check can fail).
- With `--lang` and `--catalogue` (a gettext .po file): `<html lang>` is that language, and the
  text the browser shows holds no English fixed label of the catalogue (a msgid whose msgstr
  differs), except where the plan's own text (`--plan`, not translated) holds the same words.
Exit 0 when every check holds; 1 with the failures listed.
"""
import argparse
import html.parser
import re
import subprocess
import sys
import tempfile


def run_chromium(chromium, url):
    with tempfile.TemporaryDirectory() as profile:
        r = subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", f"--user-data-dir={profile}",
                            "--enable-logging=stderr", "--v=0", "--virtual-time-budget=3000", "--dump-dom", url],
                           capture_output=True, text=True, timeout=120)
    return r.returncode, r.stdout, r.stderr


class Text(html.parser.HTMLParser):
    """The fixed text a reader sees: tags dropped, and no <style> or <script>, nor the traces
    (`<details class="trace">`, `"traces"`), whose rules and inputs the evaluator writes in English
    in every language (docs/formats.md)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.skip, self.lang, self.details = [], 0, None, []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if tag in ("style", "script"):
            self.skip += 1
        if tag == "details":
            trace = any(c in ("trace", "traces") for c in (a.get("class") or "").split())
            self.details.append(trace)
            self.skip += trace

    def handle_endtag(self, tag):
        if tag in ("style", "script") and self.skip:
            self.skip -= 1
        if tag == "details" and self.details:
            self.skip -= self.details.pop()

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def po_labels(path):
    """(msgid, msgstr) pairs of a .po file: multi-line strings joined, escapes undone; no header."""
    pairs, key, cur, entry = [], None, None, {}

    def unquote(s):
        return bytes(s[1:-1], "utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")

    def flush():
        if "msgid" in entry and entry["msgid"]:
            pairs.append((entry["msgid"], entry.get("msgstr", entry.get("msgstr[0]", ""))))
        entry.clear()

    for line in open(path, encoding="utf-8"):
        line = line.strip()
        if not line or line.startswith("#"):
            if not line:
                flush()
            continue
        m = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(".*")$', line)
        if m:
            if m.group(1) == "msgid" and "msgid" in entry:
                flush()
            cur = m.group(1)
            entry[cur] = unquote(m.group(2))
        elif line.startswith('"') and cur:
            entry[cur] += unquote(line)
    flush()
    return pairs


def words(text):
    return " ".join(text.split())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--chromium", required=True)
    ap.add_argument("--html", required=True)
    ap.add_argument("--lang")
    ap.add_argument("--catalogue")
    ap.add_argument("--plan")
    ap.add_argument("--expect-console-error", action="store_true")
    a = ap.parse_args()
    rc, dom, log = run_chromium(a.chromium, "file://" + a.html)
    failures = []
    console = [line for line in log.splitlines() if re.search(r":CONSOLE[:(]", line)]
    if a.expect_console_error:
        if not console:
            failures.append("the self-check page logged an error, but no console message was seen")
        print("\n".join(failures) or f"ok: the console error was seen ({console[0].strip()[:120]})")
        return 1 if failures else 0
    if rc != 0:
        failures.append(f"chromium exited with {rc}")
    failures += [f"console: {line.strip()}" for line in console]
    if "<svg" not in dom or 'id="summary"' not in dom or 'class="chart' not in dom:
        failures.append("the DOM lacks the summary or the charts: the page did not load as a report")
    t = Text()
    t.feed(dom)
    shown = words(" ".join(t.parts))
    if a.lang:
        if t.lang != a.lang:
            failures.append(f'<html lang="{t.lang}">, expected "{a.lang}"')
        if a.catalogue:
            plan_text = words(open(a.plan, encoding="utf-8").read()) if a.plan else ""
            checked = 0
            for msgid, msgstr in po_labels(a.catalogue):
                bare = lambda t: words(re.sub(r"\{[^}]*\}|%[sd]", " ", t)).strip(" :·,.()\u202f\u00a0")
                english = bare(msgid)
                # A label whose translation is the same (e.g. "Score", "Sources" before its colon),
                # a placeholder alone, or a short word that is also a word of the other language,
                # says nothing.
                if not english or bare(msgstr) == english or len(english) < 6:
                    continue
                checked += 1
                pattern = r"(?<![\w-])" + re.escape(english) + r"(?![\w-])"
                if re.search(pattern, shown) and not re.search(pattern, plan_text, re.IGNORECASE):
                    failures.append(f"English label shown in the {a.lang} report: {english!r}")
            if checked == 0:
                failures.append(f"no label of {a.catalogue} was checked")
    print("\n".join(failures) or f"ok: {a.html} loads with no console message ({len(shown)} characters shown)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
