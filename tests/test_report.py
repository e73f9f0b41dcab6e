"""`snakemake --report` for a two-row table, opened in headless Chromium like a reader.

The report is one HTML file whose content a JavaScript app renders on demand: the test
clicks every category (and subcategory) of the menu, then every result's view button,
and checks what the page shows: each figure as a decoded image whose bytes are those of
the PNG the workflow wrote, each table as a frame holding the workflow's HTML table.
"""

from __future__ import annotations

import base64
import csv
import os
import subprocess
import time
from pathlib import Path

import pytest
from chromium import Browser, find_chromium

from conftest import ROOT, need

pytestmark = pytest.mark.slow

ROWS = ("fig1_T_original", "fig2_RZ_adjusted")
FIGURES = (
    "results/figures/izhikevich2004_fig1_original.png",
    "results/figures/izhikevich2003_fig2_adjusted.png",
    "results/figures/validation.png",
    "results/figures/scheme_comparison.png",
    "results/figures/izhikevich2003_fig3.png",
    "results/figures/network_seeds.png",
    "results/figures/izhikevich2004_fig1_phase_planes.png",
    "results/figures/fI_curves.png",
)
TABLES = ("validation", "scheme_comparison", "runtimes", "provenance")
TABLES += ("network_summary", "network_summary_by_scheme", "fI_curves", "fI_summary")
#: One tiny f-I curve of the original row (the f-I figure and tables in the report).
FI = (
    "id\tI_min\tI_max\tpoints\tduration_ms\tsettle_ms\trefine_rounds\n"
    "fig1_T_original\t70\t90\t3\t200\t50\t0\n"
)


@pytest.fixture(scope="module")
def report(tmp_path_factory, snakemake_exe_path) -> Path:
    """A scratch working directory (code linked in, two rows), run and reported."""
    work = tmp_path_factory.mktemp("report")
    for name in ("Snakefile", "workflow", "config"):
        (work / name).symlink_to(ROOT / name)
    (work / "params").mkdir()
    with open(ROOT / "params" / "neurons.tsv", newline="") as handle:
        lines = list(csv.reader(handle, delimiter="\t"))
    keep = [lines[0]] + [line for line in lines[1:] if line[0] in ROWS]
    with open(work / "params" / "small.tsv", "w", newline="") as handle:
        csv.writer(handle, delimiter="\t", lineterminator="\n").writerows(keep)
    tiny_network = ROOT / "tests" / "data" / "network_tiny.tsv"
    (work / "params" / "fI.tsv").write_text(FI)
    config = ["--config", "neurons=params/small.tsv", f"network={tiny_network}", "sweeps=none"]
    config.append("fI_curves=params/fI.tsv")
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    for args in (["--cores", "2"], ["--report", "report.html"]):
        done = subprocess.run(
            [snakemake_exe_path, *args, *config],
            cwd=work,
            capture_output=True,
            text=True,
            env=env,
            timeout=1200,
        )
        assert done.returncode == 0, done.stderr[-3000:]
    return work


@pytest.fixture(scope="module")
def snakemake_exe_path() -> str:
    import shutil
    import sys

    exe = shutil.which("snakemake", path=str(Path(sys.executable).parent))
    assert exe, "snakemake is not installed next to this Python"
    return exe


@pytest.fixture(scope="module")
def page(report, tmp_path_factory):
    browser_path, driver_path = find_chromium()
    need(browser_path is not None, "headless Chromium (Debian package chromium) is missing")
    need(driver_path is not None, "chromedriver (Debian package chromium-driver) is missing")
    scratch = tmp_path_factory.mktemp("chromium")
    browser = Browser(browser_path, driver_path, scratch / "profile", scratch / "driver.log")
    try:
        browser.open((report / "report.html").as_uri())
        browser.wait_for(_MENU_READY)
        yield browser, _visit_every_result(browser)
    finally:
        browser.close()


_MENU_READY = (
    "return document.body.innerText.includes('RESULTS') || "
    "document.body.innerText.includes('Results')"
)
_LINKS = "return Array.from(document.querySelectorAll('a')).map(a => a.innerText.trim())"
_CLICK_LINK = """
const a = Array.from(document.querySelectorAll('a'))
    .find(e => e.innerText.trim() === arguments[0]);
if (!a) return false; a.click(); return true;"""
_EYES = "return document.querySelectorAll('a[iconname=eye]').length"
_CLICK_EYE = "document.querySelectorAll('a[iconname=eye]')[arguments[0]].click(); return true"
_SHOWN = """
const img = document.querySelector('img[src^="data:image/png"]');
if (img && img.complete && img.naturalWidth > 0)
    return {kind: 'img', src: img.getAttribute('src'), width: img.naturalWidth};
const frame = document.querySelector('iframe[src^="data:"]');
if (frame) return {kind: 'frame', src: frame.getAttribute('src')};
return null;"""
_HOME = "Results"
#: Report categories without a number (issue 13's feature).
NAMED_CATEGORIES = ("Parameter atlas",)


def _visit_every_result(browser: Browser) -> list[dict]:
    """Click through the menu: categories, subcategories, each result's view button."""
    shown = []
    numbered = {f"{k}." for k in range(1, 10)}
    categories = [x for x in browser.run(_LINKS) if x[:2] in numbered or x in NAMED_CATEGORIES]
    assert categories, "no result categories in the report menu"
    for category in categories:
        browser.run(_CLICK_LINK, "Results") or browser.run(_CLICK_LINK, "RESULTS")
        assert browser.run(_CLICK_LINK, category)
        time.sleep(0.3)
        subcategories = [None]
        if not browser.run(_EYES):
            subcategories = [x for x in browser.run(_LINKS) if x.startswith("izhikevich")]
        for sub in subcategories:
            if sub is not None:
                assert browser.run(_CLICK_LINK, sub)
                time.sleep(0.3)
            for k in range(browser.run(_EYES)):
                previous = browser.run(_SHOWN)
                browser.run(_CLICK_EYE, k)
                deadline = time.monotonic() + 20
                current = browser.run(_SHOWN)
                while (current is None or current == previous) and time.monotonic() < deadline:
                    time.sleep(0.2)
                    current = browser.run(_SHOWN)
                assert current is not None, f"nothing shown for result {k} of {category}"
                shown.append({**current, "category": category})
            if sub is not None:
                browser.run(_CLICK_LINK, category)
                time.sleep(0.3)
    return shown


def _decoded(src: str) -> bytes:
    header, _, payload = src.partition(",")
    assert header.endswith(";base64"), header
    return base64.b64decode(payload)


def test_every_figure_is_rendered_in_the_page(report, page):
    browser, shown = page
    images = {_decoded(x["src"]) for x in shown if x["kind"] == "img"}
    for figure in FIGURES:
        assert (report / figure).read_bytes() in images, f"{figure} is not shown in the report"
    assert all(x["width"] > 500 for x in shown if x["kind"] == "img")


def test_every_table_is_rendered_in_the_page(report, page):
    browser, shown = page
    frames = {_decoded(x["src"]) for x in shown if x["kind"] == "frame"}
    for table in TABLES:
        path = report / "results" / "report" / "tables" / f"{table}.html"
        assert path.read_bytes() in frames, f"{table} is not shown in the report"
    validation = (report / "results" / "report" / "tables" / "validation.html").read_text()
    assert all(row in validation for row in ROWS)


def test_report_shows_captions_and_provenance(report, page, tmp_path):
    browser, _ = page
    browser.run(_CLICK_LINK, "Results") or browser.run(_CLICK_LINK, "RESULTS")
    assert browser.run(_CLICK_LINK, "1. Single neurons")
    time.sleep(0.3)
    assert browser.run(_CLICK_LINK, "izhikevich2004_fig1")
    browser.wait_for("return document.querySelectorAll('a[iconname=information-circle]').length")
    browser.run("document.querySelector('a[iconname=information-circle]').click()")
    text = browser.wait_for(
        "const t = document.body.innerText; return t.includes('Fig. 1') ? t : null"
    )
    assert "Which Model to Use for Cortical Spiking Neurons?" in text
    provenance = (report / "results" / "report" / "tables" / "provenance.html").read_text()
    for key in ("git_commit", "brian2_version", "numpy_version", "seed", "tiny_s1", *ROWS):
        assert key in provenance
    browser.screenshot(tmp_path / "report.png")
    assert (tmp_path / "report.png").stat().st_size > 10_000
