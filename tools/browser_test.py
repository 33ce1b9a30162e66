"""`make test-browser`: the course in JupyterLab, in a real browser, as a student meets it.

Usage: python tools/browser_test.py

Starts the course's JupyterLab (the settings `make env` installs from tools/jupyter/) on a
free localhost port with a token, over a copy of the tracked files in build/browser/course
(so nothing the browser does can touch the working tree), and drives Debian's chromium with
selenium:

1. the URL the server prints opens the course's notebooks/ folder: no build clutter, no
   "Jupyter news" prompt;
2. every lesson and homework notebook opens without being marked modified, and after an
   autosave every tracked file is byte-for-byte unchanged;
3. a lesson ``.py`` opened by double-click in the file browser opens as a notebook (jupytext),
   and a course_utils module opened the same way is not rewritten either;
4. lesson 01 runs top to bottom (*Run All*) in the course kernel with no error output except
   in cells tagged ``raises-exception``, and saving its fresh outputs changes no cell source.

Screenshots go to build/browser/ (git-ignored). Where chromium or chromium-driver is missing
and cannot be installed (``apt-get install chromium chromium-driver`` as root), the script says
so; it fails only when ``CI`` is set, since a student's laptop need not have a browser for it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
OUT = ROOT / "build" / "browser"
COPY = OUT / "course"
AUTOSAVE_SECONDS = 3
BROWSER = Path("/usr/bin/chromium")
DRIVER = Path("/usr/bin/chromedriver")


class Failure(AssertionError):
    pass


def log(msg):
    print(f"test-browser: {msg}", flush=True)


def ensure_browser():
    """Find chromium and its driver, installing Debian's packages when we are root."""
    if BROWSER.exists() and DRIVER.exists():
        return True
    if shutil.which("apt-get") and os.geteuid() == 0:
        log("installing Debian's chromium and chromium-driver with apt-get ...")
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "update", "-qq"], env=env, check=False)
        subprocess.run(["apt-get", "install", "-y", "-qq", "chromium", "chromium-driver"],
                       env=env, check=False, stdout=subprocess.DEVNULL)
    return BROWSER.exists() and DRIVER.exists()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tracked_files():
    # Tracked files and new ones not yet committed (not ignored): the tree as git sees it.
    out = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                         cwd=ROOT, capture_output=True, check=True)
    return [p for p in out.stdout.decode().split("\0") if p and (ROOT / p).is_file()]


def copy_course():
    shutil.rmtree(COPY, ignore_errors=True)
    files = tracked_files()
    for rel in files:
        (COPY / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, COPY / rel)
    return files


def digests(files):
    return {rel: hashlib.sha256((COPY / rel).read_bytes()).hexdigest() for rel in files}


def changed(before, files):
    after = digests(files)
    return sorted(rel for rel in files if before[rel] != after[rel])


def start_server(port, settings_dir, workspaces_dir):
    env = dict(os.environ)
    env.pop("MPLBACKEND", None)
    env["JUPYTER_PATH"] = str(ROOT / ".venv" / "share" / "jupyter")
    env["JUPYTER_PLATFORM_DIRS"] = "1"
    # Test-only user settings: a short autosave interval, so "wait past an autosave" is quick.
    shutil.rmtree(settings_dir, ignore_errors=True)
    shutil.rmtree(workspaces_dir, ignore_errors=True)  # a fresh start: no tabs restored
    env["JUPYTERLAB_SETTINGS_DIR"] = str(settings_dir)
    env["JUPYTERLAB_WORKSPACES_DIR"] = str(workspaces_dir)
    plugin = settings_dir / "@jupyterlab" / "docmanager-extension" / "plugin.jupyterlab-settings"
    plugin.parent.mkdir(parents=True, exist_ok=True)
    plugin.write_text(json.dumps({"autosave": True, "autosaveInterval": AUTOSAVE_SECONDS}))
    args = [str(BIN / "jupyter"), "lab", "--no-browser", f"--port={port}",
            f"--ServerApp.root_dir={COPY}",  # the token is the server's own, as for `make lab`
            "--LabApp.expose_app_in_browser=True"]  # window.jupyterapp, to open many files fast
    if os.geteuid() == 0:
        args.append("--allow-root")
    log_file = open(OUT / "jupyterlab.log", "w")  # noqa: SIM115 - closed with the server
    proc = subprocess.Popen(args, env=env, stdout=log_file, stderr=subprocess.STDOUT)
    pattern = re.compile(rf"http://127\.0\.0\.1:{port}(\S*)\?token=(\w+)")
    deadline = time.time() + 90
    while time.time() < deadline:
        found = pattern.search((OUT / "jupyterlab.log").read_text())
        if found:
            return proc, log_file, found.group(1), found.group(2)
        if proc.poll() is not None:
            raise Failure(f"JupyterLab exited early; see {OUT / 'jupyterlab.log'}")
        time.sleep(0.5)
    proc.terminate()
    raise Failure("JupyterLab printed no localhost URL with a login token within 90 s")


def make_driver():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(BROWSER)
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                "--window-size=1500,1000", "--disable-gpu", "--no-first-run"):
        options.add_argument(arg)
    return webdriver.Chrome(service=Service(str(DRIVER)), options=options)


def wait_for(driver, condition, what, timeout=120):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            value = condition(driver)
        except Exception:  # noqa: BLE001 - the page is still rendering
            value = None
        if value:
            return value
        time.sleep(0.5)
    shot(driver, "timeout")
    raise Failure(f"timed out after {timeout} s waiting for {what}")


def shot(driver, name):
    path = OUT / f"{name}.png"
    driver.save_screenshot(str(path))
    return path


def css(driver, selector):
    from selenium.webdriver.common.by import By

    return driver.find_elements(By.CSS_SELECTOR, selector)


def current_notebook(driver):
    panels = [p for p in css(driver, ".jp-NotebookPanel") if p.is_displayed()]
    return panels[0] if panels else None


def kernel_idle(driver, path=None):
    """The current notebook's kernel is idle (and, given ``path``, it is that notebook)."""
    return driver.execute_script(
        "const w = window.jupyterapp.shell.currentWidget;"
        "const k = w && w.sessionContext && w.sessionContext.session"
        " && w.sessionContext.session.kernel;"
        "return !!(k && k.status === 'idle' && (!arguments[0] || w.context.path === arguments[0]))",
        path)


def dirty_tabs(driver):
    return [t.text for t in css(driver, ".lm-TabBar-tab.jp-mod-dirty")]


def close_all(driver):
    from selenium.webdriver.common.by import By

    run_command(driver, "File", "Close All Tabs")
    time.sleep(1)
    for button in driver.find_elements(By.XPATH, "//button[.//div[text()=\"Don't Save\"]] | "
                                                 "//button[text()=\"Don't Save\"]"):
        button.click()


def run_command(driver, menu, label):
    from selenium.webdriver.common.by import By

    bar = [m for m in css(driver, ".lm-MenuBar-item") if m.text.strip() == menu]
    if not bar:
        raise Failure(f"no '{menu}' menu in the JupyterLab menu bar")
    bar[0].click()
    items = wait_for(driver, lambda d: [i for i in d.find_elements(By.CSS_SELECTOR,
                                        ".lm-Menu-item") if i.text.split("\n")[0] == label],
                     f"the menu item {menu} > {label}", timeout=10)
    items[0].click()


def open_notebook(driver, base, rel, token):
    driver.get(f"{base}/lab/tree/{rel}?token={token}")
    wait_for(driver, lambda d: current_notebook(d) and css(d, ".jp-NotebookPanel .jp-Cell"),
             f"{rel} to open as a notebook")
    wait_for(driver, kernel_idle, f"the kernel of {rel} to be idle")
    return current_notebook(driver)


def check_landing(driver, base, url, token):
    if not url.startswith("/lab/tree/notebooks"):
        raise Failure(f"the printed URL opens {url!r}, not the course's notebooks/ folder")
    driver.get(f"{base}{url}?token={token}")
    listing = wait_for(driver, lambda d: [e.text for e in css(d, ".jp-DirListing-itemName")
                                          if e.text], "the file browser listing")
    shot(driver, "01_landing")
    if not any(name.startswith("01_normal_equation") for name in listing):
        raise Failure(f"the landing page does not list the lessons: {listing}")
    crumbs = " ".join(e.text for e in css(driver, ".jp-BreadCrumbs"))
    body = driver.find_element("tag name", "body").text
    if "news" in body.lower():
        raise Failure("a 'Jupyter news' prompt is shown on the landing page")
    log(f"landing page: {url} lists {len(listing)} entries ({crumbs.strip() or 'notebooks'})")


def check_opening_changes_nothing(driver, base, token, files, notebooks):
    before = digests(files)
    driver.get(f"{base}/lab?token={token}")
    wait_for(driver, lambda d: d.execute_script("return !!window.jupyterapp"), "JupyterLab")
    driver.execute_async_script("const done = arguments[arguments.length - 1];"
                                "window.jupyterapp.restored.then(() => done(true))")
    for rel in notebooks:
        driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "window.jupyterapp.commands.execute('docmanager:open', {path: arguments[0]})"
            ".then(() => done(true), e => done(String(e)))", rel)
        wait_for(driver, lambda d, r=rel: kernel_idle(d, r), f"{rel} to open with an idle kernel")
        time.sleep(1)
        dirty = driver.execute_script("return window.jupyterapp.shell.currentWidget.context"
                                      ".model.dirty")
        if dirty:
            shot(driver, "dirty_on_open")
            raise Failure(f"{rel} is marked modified right after opening")
    time.sleep(AUTOSAVE_SECONDS + 2)
    shot(driver, "02_all_notebooks_open")
    if dirty_tabs(driver):
        raise Failure(f"notebooks marked modified after opening: {dirty_tabs(driver)}")
    close_all(driver)
    time.sleep(1)
    diff = changed(before, files)
    if diff:
        raise Failure(f"opening notebooks changed tracked files: {diff}")
    log(f"opened {len(notebooks)} notebooks, waited past autosave: no tracked file changed")


def check_double_click(driver, base, token, files):
    from selenium.webdriver.common.action_chains import ActionChains

    before = digests(files)
    for folder, name in (("notebooks", "02_loss_functions.py"), ("course_utils", "_base.py")):
        driver.get(f"{base}/lab/tree/{folder}?token={token}")
        item = wait_for(driver, lambda d, n=name: [e for e in css(d, ".jp-DirListing-item")
                                                   if e.text.split("\n")[0].strip() == n],
                        f"{folder}/{name} in the file browser")
        ActionChains(driver).double_click(item[0]).perform()
        if folder == "notebooks":
            wait_for(driver, lambda d: current_notebook(d) and len(css(
                d, ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell")) > 5,
                f"{name} to open as a notebook on double-click")
            shot(driver, "03_double_click_py")
            log(f"double-click on {folder}/{name} opens a notebook of "
                f"{len(css(driver, '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell'))} cells")
        else:
            time.sleep(3)
        time.sleep(AUTOSAVE_SECONDS + 2)
        if dirty_tabs(driver):
            raise Failure(f"{folder}/{name} is marked modified right after opening")
        close_all(driver)
    time.sleep(AUTOSAVE_SECONDS + 1)
    diff = changed(before, files)
    if diff:
        raise Failure(f"opening .py files by double-click changed tracked files: {diff}")


def raises_exception_cells(rel):
    nb = json.loads((COPY / rel).read_text())
    return [i for i, c in enumerate(nb["cells"])
            if "raises-exception" in c.get("metadata", {}).get("tags", [])]


def cell_sources(rel):
    nb = json.loads((COPY / rel).read_text())
    return [(c["cell_type"], "".join(c["source"])) for c in nb["cells"]]


CELLS_JS = """
const cells = window.jupyterapp.shell.currentWidget.content.model.cells;
const out = [];
for (let i = 0; i < cells.length; i++) {
  const c = cells.get(i);
  const errors = [];
  if (c.type === 'code') {
    for (let j = 0; j < c.outputs.length; j++) {
      const o = c.outputs.get(j).toJSON();
      if (o.output_type === 'error') errors.push(o.ename + ': ' + o.evalue.slice(0, 120));
    }
  }
  out.push({type: c.type, count: c.type === 'code' ? c.executionCount : null,
            tags: c.getMetadata('tags') || [], errors: errors});
}
return out;
"""


def check_run_all(driver, base, token, rel):
    sources_before = cell_sources(rel)
    py = rel.replace(".ipynb", ".py")
    py_before = (COPY / py).read_bytes()
    open_notebook(driver, base, rel, token)
    run_command(driver, "Run", "Run All Cells")
    start = time.time()
    time.sleep(2)

    idle_since, deadline = None, time.time() + 300
    while time.time() < deadline:  # until every code cell ran, or the kernel sat idle 5 s
        cells = driver.execute_script(CELLS_JS)
        if kernel_idle(driver):
            idle_since = idle_since or time.time()
            if all(c["count"] for c in cells if c["type"] == "code") or \
                    time.time() - idle_since > 5:
                break
        else:
            idle_since = None
        time.sleep(0.5)
    else:
        raise Failure(f"Run All on {rel} did not finish within 300 s")
    seconds = time.time() - start
    # What ran, read from the notebook model (the DOM may not hold cells scrolled out of view).
    cells = driver.execute_script(CELLS_JS)
    counts = [c["count"] for c in cells if c["type"] == "code"]
    if counts != list(range(1, len(counts) + 1)):
        raise Failure(f"Run All on {rel} did not run every code cell in order: "
                      f"execution counts {counts}")
    errors = [(i + 1, c["errors"]) for i, c in enumerate(cells)
              if c["errors"] and "raises-exception" not in c["tags"]]
    expected = [i + 1 for i, c in enumerate(cells) if c["errors"]
                and "raises-exception" in c["tags"]]
    shot(driver, "04_lesson01_run_all")
    if errors:
        raise Failure(f"Run All on {rel} shows errors outside raises-exception cells "
                      f"(cell number, error): {errors}")
    if len(expected) != len(raises_exception_cells(rel)):
        raise Failure(f"a cell tagged raises-exception in {rel} raised nothing")
    log(f"Run All on {rel}: {len(counts)} code cells ran in order in {seconds:.0f} s; errors "
        f"only in cell(s) {expected}, tagged raises-exception")
    time.sleep(AUTOSAVE_SECONDS + 3)  # autosave writes the fresh outputs (and the paired .py)
    if cell_sources(rel) != sources_before:
        raise Failure(f"saving {rel} after Run All changed its cell sources")
    if (COPY / py).read_bytes() != py_before:
        raise Failure(f"saving {rel} after Run All rewrote its paired {py}")
    log(f"after autosave {rel} keeps every cell source and {py} is byte-for-byte unchanged")
    close_all(driver)


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    if not ensure_browser():
        msg = ("chromium and chromium-driver are not installed and could not be installed. "
               "Fix: `sudo apt-get install chromium chromium-driver` (Debian/Ubuntu), then "
               "`make test-browser` again.")
        log(msg)
        return 1 if os.environ.get("CI") else 0
    try:
        import selenium  # noqa: F401
    except ImportError:
        log("selenium is not installed in .venv. Fix: `make env` (it installs the course's "
            "requirements.lock, which pins selenium).")
        return 1
    files = copy_course()
    notebooks = sorted(f for f in files if f.endswith(".ipynb"))
    port = free_port()
    proc, log_file, url, token = start_server(port, OUT / "settings", OUT / "workspaces")
    driver = None
    start = time.time()
    try:
        base = f"http://127.0.0.1:{port}"
        driver = make_driver()
        check_landing(driver, base, url, token)
        check_opening_changes_nothing(driver, base, token, files, notebooks)
        check_double_click(driver, base, token, files)
        check_run_all(driver, base, token, "notebooks/01_normal_equation.ipynb")
    except Failure as exc:
        log(f"FAILED: {exc}")
        if driver is not None:
            log(f"screenshot: {shot(driver, 'failure').relative_to(ROOT)}")
        return 1
    finally:
        if driver is not None:
            driver.quit()
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log_file.close()
    log(f"all browser checks passed in {time.time() - start:.0f} s; screenshots in "
        f"{OUT.relative_to(ROOT)}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
