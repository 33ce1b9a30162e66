"""`make site`: the whole course as a static website that needs no network.

Usage: python tools/build_site.py [--out build/site]

Stages a Sphinx source tree in build/site-src from what the repository already holds, then
runs ``sphinx-build`` (configuration: site/conf.py):

- the home page is site/index.md's text around the course map, which is cut from README.md at
  build time (its links point at the lesson and homework pages instead of the .py files);
- each lesson notebooks/NN_*.ipynb and each student homework homework/student/*.ipynb is a page
  rendered with its stored outputs (never re-executed: nbval has checked them), with download
  links to its .ipynb and .py added at the top of the page;
- site/notation.md is the notation page.

The result is self-contained: copy the output folder anywhere (a USB stick, any static web
server) and open index.html.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SITE = ROOT / "site"
STAGE = ROOT / "build" / "site-src"
OUT = ROOT / "build" / "site"
SECTIONS = {"lessons": ROOT / "notebooks", "homework": ROOT / "homework" / "student"}


def course_map(readme_text):
    """The README's "Course map" section (tables and prose), without its heading."""
    found = re.search(r"^## Course map\n(.*?)(?=^## )", readme_text, re.S | re.M)
    if not found:
        raise SystemExit("build_site: README.md has no '## Course map' section. Fix: keep the "
                         "course map under that heading (the site's home page is built from it).")
    return found.group(1).strip()


def link_pages(text):
    """Point the course map's links at the site's pages instead of the repository's .py files."""
    def repl(match):
        label, target = match.group(1), match.group(2)
        for section, folder in SECTIONS.items():
            prefix = str(folder.relative_to(ROOT)) + "/"
            if target.startswith(prefix) and target.endswith(".py"):
                return f"[{label}]({section}/{Path(target).stem}.ipynb)"
        return match.group(0)
    return re.sub(r"\[([^\]]+)\]\(([^)]+)\)", repl, text)


def pages(section):
    folder = SECTIONS[section]
    return sorted(p for p in folder.glob("*.ipynb") if p.with_suffix(".py").exists())


def download_cell(ipynb):
    name = ipynb.stem
    return nbformat.v4.new_markdown_cell(
        f"Download this page: {{download}}`{name}.ipynb <{name}.ipynb>` (with its outputs) · "
        f"{{download}}`{name}.py <{name}.py>` (the source, jupytext percent format). "
        "Open it with `make lab` in the course folder.")


def stage_notebook(ipynb, dest_dir):
    nb = nbformat.read(ipynb, as_version=4)
    # The download links go right under the page title (the first cell's heading).
    first = nb.cells[0] if nb.cells else None
    at = 1 if first is not None and first.cell_type == "markdown" else 0
    nb.cells.insert(at, download_cell(ipynb))
    nb.metadata.pop("widgets", None)  # widget state needs a kernel; the static figure is stored
    nbformat.write(nb, dest_dir / ipynb.name)
    shutil.copy2(ipynb, dest_dir / f"{ipynb.stem}.download.ipynb")
    shutil.copy2(ipynb.with_suffix(".py"), dest_dir / ipynb.with_suffix(".py").name)


def index_text():
    readme = (ROOT / "README.md").read_text()
    template = (SITE / "index.md").read_text()
    lessons = "\n".join(f"lessons/{p.stem}" for p in pages("lessons"))
    homework = "\n".join(f"homework/{p.stem}" for p in pages("homework"))
    return (template.replace("{{course_map}}", link_pages(course_map(readme)))
            .replace("{{lessons}}", lessons).replace("{{homework}}", homework))


def stage():
    shutil.rmtree(STAGE, ignore_errors=True)
    STAGE.mkdir(parents=True)
    for name in ("conf.py", "notation.md"):
        shutil.copy2(SITE / name, STAGE / name)
    (STAGE / "index.md").write_text(index_text())
    for section in SECTIONS:
        (STAGE / section).mkdir()
        for ipynb in pages(section):
            stage_notebook(ipynb, STAGE / section)


def fix_downloads(out):
    """The staged .ipynb carries the download cell; the file offered for download must not."""
    for section in SECTIONS:
        for original in (STAGE / section).glob("*.download.ipynb"):
            name = original.name.replace(".download", "")
            for target in (out / "_downloads").glob(f"*/{name}"):
                shutil.copy2(original, target)


def build(out):
    stage()
    shutil.rmtree(out, ignore_errors=True)
    done = subprocess.run([str(BIN / "sphinx-build"), "-b", "html", "-q", str(STAGE), str(out)],
                          cwd=ROOT)
    if done.returncode != 0:
        raise SystemExit(f"build_site: sphinx-build failed (exit {done.returncode}); see above.")
    fix_downloads(out)


def size_mb(folder):
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="output folder (default: build/site)")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    build(args.out.resolve())
    n = sum(len(pages(s)) for s in SECTIONS)
    print(f"build_site: {n} notebook pages + home + notation in {args.out} "
          f"({size_mb(args.out):.1f} MB) in {time.perf_counter() - start:.0f} s; open "
          f"{args.out / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
