"""The HTML report: self-contained (plots as base64 PNG, tables), from the
API and from the `ruralsim-report` command, and rendered by headless Chromium
with every image loaded."""

import base64
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser

import pytest

import ruralsim as rs
from conftest import ROOT

BASELINE = ROOT / "scenarios" / "baseline.toml"


class _Scan(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables, self.imgs, self.external = 0, [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table":
            self.tables += 1
        if tag == "img":
            self.imgs.append(a.get("src", ""))
        for k in ("src", "href"):
            v = a.get(k)
            if v and not v.startswith("data:"):
                self.external.append(v)


def scan(path):
    s = _Scan()
    s.feed(open(path, encoding="utf-8").read())
    return s


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    d = tmp_path_factory.mktemp("report")
    base = rs.Scenario.load(BASELINE).set("run.scale", 5000).set("run.end", "2022-12-31")
    funded = rs.Scenario.from_dict({"scenario.name": "funded", "budget.facilities": 3e9}, base=base)
    res = rs.run(base, seed=1, threads=2)
    path = res.write(d / "baseline.h5")
    store = d / "sweep"
    ens = rs.sweep([base, funded], seeds=[1, 2], store=store, progress=False)
    return d, res, path, ens, store


def check_self_contained(path, min_tables, min_imgs):
    s = scan(path)
    assert s.tables >= min_tables and len(s.imgs) >= min_imgs
    assert not s.external, s.external  # nothing fetched from elsewhere
    for src in s.imgs:
        assert src.startswith("data:image/png;base64,")
        assert base64.b64decode(src.split(",", 1)[1])[:8] == b"\x89PNG\r\n\x1a\n"
    return s


def test_report_from_api(inputs):
    d, res, _, ens, _ = inputs
    out = rs.report([res, ens], d / "report.html", title="Funding scenarios")
    text = open(out, encoding="utf-8").read()
    assert "Funding scenarios" in text and "Probability that rural retail growth beats urban growth" in text
    assert "Paired differences vs baseline" in text
    check_self_contained(out, min_tables=6, min_imgs=5)


def test_report_command(inputs):
    d, _, path, _, store = inputs
    exe = shutil.which("ruralsim-report", path=os.path.dirname(sys.executable)) or shutil.which("ruralsim-report")
    cmd = [exe] if exe else [sys.executable, "-m", "ruralsim.report"]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "python")}
    out = d / "cli.html"
    r = subprocess.run([*cmd, str(path), str(store), "-o", str(out)], capture_output=True, text=True, env=env,
                       timeout=300)
    assert r.returncode == 0, r.stderr
    check_self_contained(out, min_tables=5, min_imgs=4)
    r = subprocess.run([*cmd, str(d / "missing.h5"), "-o", str(d / "x.html")], capture_output=True, text=True,
                       env=env, timeout=300)
    assert r.returncode == 2 and "missing.h5" in r.stderr


# Runs after load: reports in the title how many images decoded and how many tables exist.
_PROBE = """<script>
window.addEventListener('load', function () {
  var imgs = Array.from(document.images);
  var ok = imgs.filter(function (i) { return i.complete && i.naturalWidth > 0; }).length;
  var tables = document.querySelectorAll('table').length;
  document.title = 'PROBE imgs=' + imgs.length + ' loaded=' + ok + ' tables=' + tables;
});
</script></body>"""


def _chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        p = shutil.which(name)
        if p:
            return p
    return None


@pytest.mark.skipif(_chromium() is None, reason="headless Chromium not installed (Debian: apt-get install chromium)")
def test_report_renders_in_chromium(inputs):
    d, res, _, ens, _ = inputs
    out = rs.report([res, ens], d / "render.html")
    s = scan(out)
    probe = d / "probe.html"
    probe.write_text(open(out, encoding="utf-8").read().replace("</body>", _PROBE), encoding="utf-8")
    flags = [_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
             "--no-first-run", "--hide-scrollbars", "--run-all-compositor-stages-before-draw",
             "--virtual-time-budget=10000", f"--user-data-dir={d / 'chromium-profile'}"]
    r = subprocess.run([*flags, "--dump-dom", probe.as_uri()], capture_output=True, text=True, timeout=120)
    m = re.search(r"<title>PROBE imgs=(\d+) loaded=(\d+) tables=(\d+)</title>", r.stdout)
    assert m, (r.stdout[:500], r.stderr[-2000:])
    imgs, loaded, tables = map(int, m.groups())
    assert imgs == len(s.imgs) and loaded == imgs and tables == s.tables >= 6
    shot = d / "report.png"
    r = subprocess.run([*flags, f"--screenshot={shot}", "--window-size=1200,2400", out.__fspath__() if False else
                        f"file://{out}"], capture_output=True, text=True, timeout=120)
    assert shot.exists() and shot.stat().st_size > 20_000, r.stderr[-2000:]
    with open(shot, "rb") as f:
        assert f.read(8) == b"\x89PNG\r\n\x1a\n"
