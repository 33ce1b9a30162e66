"""`make test-site`: the website, a slide deck and a live demo in a real browser, offline.

Usage: python tools/site_browser_test.py   (after `make site slides`; the Makefile target does it)

The browser (Debian's chromium, driven by selenium as in tools/browser_test.py) can reach
nothing but localhost: every request goes to a proxy port that refuses connections, except
127.0.0.1 and localhost, and every URL the browser requests is read back from its performance
log. build/ is served from a localhost port and:

1. every page of the site, found by following the links from index.html, loads with no request
   leaving localhost; a page with math has MathJax's output (``mjx-container``) and no raw
   ``$$`` / ``\\(`` left in its text; every ``<img>`` loaded (``naturalWidth > 0``); every
   internal link answers HTTP 200 (downloads included); each notebook page offers its .ipynb
   and .py;
2. one lesson's slide deck opens with its own reveal.js and advancing a slide changes
   reveal.js's index;
3. in JupyterLab (the machinery of tools/browser_test.py), a live demo of lesson 03 runs, and
   moving its slider changes the figure.

Screenshots go to build/screenshots/: look at them.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import socket
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import browser_test as bt  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "build"
SHOTS = BUILD / "screenshots"
LOCAL_SCHEMES = ("data:", "blob:", "about:", "chrome:", "devtools:")
DEMO_LESSON = "notebooks/03_gradient_descent.ipynb"

failures = []


def log(msg):
    print(f"test-site: {msg}", flush=True)


def refusing_port():
    """A localhost port with nothing listening: the browser's proxy, so all else fails."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a page left mid-download
            super().handle_error(request, client_address)


def serve(folder):
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = QuietServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def make_driver():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(bt.BROWSER)
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                "--window-size=1400,1000", "--disable-gpu", "--no-first-run",
                f"--proxy-server=http://127.0.0.1:{refusing_port()}",
                "--proxy-bypass-list=127.0.0.1;localhost",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-default-apps", "--no-default-browser-check"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    return webdriver.Chrome(service=Service(str(bt.DRIVER)), options=options)


def requested_urls(driver):
    """Every URL the browser asked for since the last call (from the performance log)."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def outside(urls, base):
    return sorted({u for u in urls if not u.startswith(base) and not u.startswith(LOCAL_SCHEMES)
                   and not u.startswith(("http://localhost:", "ws://127.0.0.1:"))})


def fail(msg):
    failures.append(msg)
    log(f"FAIL: {msg}")


def status(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as err:
        return err.code
    except OSError as err:
        return str(err)


PAGE_JS = """
const imgs = Array.from(document.images).map(i => ({src: i.currentSrc || i.src,
  ok: i.complete && i.naturalWidth > 0}));
const links = Array.from(document.querySelectorAll('a[href]')).map(a => a.href);
const clone = document.body.cloneNode(true);
clone.querySelectorAll('pre, code, script, style, textarea, mjx-assistive-mml')
  .forEach(e => e.remove());
return {imgs: imgs, links: links, text: clone.innerText,
        math: document.querySelectorAll('.math, span.math, div.math').length,
        mjx: document.querySelectorAll('mjx-container').length,
        mjx_errors: document.querySelectorAll('mjx-merror, [data-mjx-error]').length,
        title: document.title};
"""


def math_done(driver):
    return driver.execute_script(
        "return !window.MathJax || !MathJax.startup || !MathJax.startup.promise ? 'none' :"
        " (window.__mjxDone ? 'done' : (MathJax.startup.promise.then(() => window.__mjxDone ="
        " true), 'waiting'))")


def check_page(driver, url, base):
    driver.get(url)
    bt.wait_for(driver, lambda d: d.execute_script("return document.readyState") == "complete",
                f"{url} to load", timeout=60)
    bt.wait_for(driver, lambda d: math_done(d) in ("done", "none"), f"MathJax on {url}",
                timeout=60)
    bt.wait_for(driver, lambda d: d.execute_script(
        "return Array.from(document.images).every(i => i.complete)"), f"images on {url}",
        timeout=60)
    info = driver.execute_script(PAGE_JS)
    page = url[len(base):]
    if info["math"] and info["mjx"] < info["math"]:
        fail(f"{page}: {info['math']} math elements but only {info['mjx']} rendered by MathJax")
    if info["mjx_errors"]:
        fail(f"{page}: {info['mjx_errors']} MathJax errors")
    for raw in ("$$", "\\(", "\\["):
        if raw in info["text"]:
            at = info["text"].index(raw)
            fail(f"{page}: raw {raw!r} left in the text: ...{info['text'][at - 40:at + 40]!r}")
    broken = [i["src"] for i in info["imgs"] if not i["ok"]]
    if broken:
        fail(f"{page}: images that did not load: {broken[:5]}")
    return info


def internal(link, base):
    return link.startswith(base)


def crawl_site(driver, base):
    start = f"{base}/site/index.html"
    queue, seen, pages, links_checked = [start], {start}, [], {}
    leaks = []
    requested_urls(driver)  # drop what came before
    while queue:
        url = queue.pop(0)
        info = check_page(driver, url, base)
        pages.append((url, info))
        leaks += outside(requested_urls(driver), base)
        for link in info["links"]:
            if not internal(link, base):
                continue
            target = link.split("#")[0]
            if target not in links_checked:
                links_checked[target] = status(target)
            if target.endswith(".html") and target not in seen and "/_" not in target[len(base):]:
                seen.add(target)
                queue.append(target)
    bad = {t: s for t, s in links_checked.items() if s != 200}
    if bad:
        fail(f"internal links that do not resolve: {dict(list(bad.items())[:8])}")
    if leaks:
        fail(f"requests left localhost: {sorted(set(leaks))[:8]}")
    return pages, links_checked


def check_notebook_pages(pages, base):
    expected = sorted({f"{folder}/{p.stem}" for folder, src in (("lessons", ROOT / "notebooks"),
                      ("homework", ROOT / "homework" / "student")) for p in src.glob("*.ipynb")})
    found = {url[len(base) + len("/site/"):-len(".html")]: info for url, info in pages}
    missing = [name for name in expected if name not in found]
    if missing:
        fail(f"notebook pages not reachable from the home page: {missing}")
    for name in expected:
        info = found.get(name)
        if info is None:
            continue
        stem = name.split("/")[1]
        for ext in (".ipynb", ".py"):
            if not any(link.split("#")[0].endswith(f"/{stem}{ext}") for link in info["links"]):
                fail(f"{name}: no download link to {stem}{ext}")
    with_math = [name for name in expected if found.get(name, {}).get("mjx")]
    with_figures = [name for name in expected if found.get(name, {}).get("imgs")]
    log(f"{len(expected)} notebook pages: {len(with_math)} with rendered math, "
        f"{len(with_figures)} with figures, each with .ipynb and .py downloads")


def screenshot(driver, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(SHOTS / f"{name}.png"))


def site_screenshots(driver, base):
    driver.get(f"{base}/site/index.html")
    time.sleep(1)
    screenshot(driver, "site_home")
    driver.get(f"{base}/site/lessons/03_gradient_descent.html")
    bt.wait_for(driver, lambda d: math_done(d) in ("done", "none"), "MathJax", timeout=60)
    driver.execute_script("const h = Array.from(document.querySelectorAll('h2')).find("
                          "e => e.textContent.startsWith('3.')); if (h) h.scrollIntoView();")
    time.sleep(1)
    screenshot(driver, "site_lesson03_math")
    driver.execute_script("const i = document.querySelectorAll('img')[2];"
                          " if (i) i.scrollIntoView();")
    time.sleep(1)
    screenshot(driver, "site_lesson03_figure")
    driver.set_window_size(420, 900)  # a phone
    driver.get(f"{base}/site/lessons/05_regularization.html")
    time.sleep(2)
    screenshot(driver, "site_phone_lesson05")
    driver.set_window_size(1400, 1000)


def check_slides(driver, base):
    decks = sorted((BUILD / "slides").glob("*.slides.html"))
    if not decks:
        fail("no slide decks in build/slides (run `make slides`)")
        return
    deck = next((d for d in decks if d.name.startswith("03_")), decks[0])
    requested_urls(driver)
    driver.get(f"{base}/slides/{deck.name}")
    bt.wait_for(driver, lambda d: d.execute_script(
        "return !!(window.Reveal && Reveal.isReady && Reveal.isReady())"),
        f"reveal.js in {deck.name}", timeout=60)
    total = driver.execute_script("return Reveal.getTotalSlides()")
    before = driver.execute_script("return Reveal.getIndices()")
    screenshot(driver, "slides_title")
    from selenium.webdriver.common.keys import Keys

    driver.find_element("tag name", "body").send_keys(Keys.ARROW_RIGHT)
    time.sleep(1.5)
    after = driver.execute_script("return Reveal.getIndices()")
    screenshot(driver, "slides_next")
    for _ in range(3):  # a slide with math
        driver.find_element("tag name", "body").send_keys(Keys.ARROW_RIGHT)
    time.sleep(2)
    screenshot(driver, "slides_later")
    if after == before:
        fail(f"{deck.name}: the right arrow did not change the slide (indices {before})")
    if total < 8:
        fail(f"{deck.name}: only {total} slides (are the lessons marked? tools/slides.py --mark)")
    leaks = outside(requested_urls(driver), base)
    if leaks:
        fail(f"{deck.name}: requests left localhost: {leaks[:8]}")
    log(f"slides: {deck.name} has {total} slides; the right arrow went from {before} to {after}")


def main():
    if not bt.ensure_browser():
        log("chromium and chromium-driver are not installed and could not be installed. Fix: "
            "`sudo apt-get install chromium chromium-driver`, then `make test-site` again.")
        return 1 if os.environ.get("CI") else 0
    if not (BUILD / "site" / "index.html").exists():
        log("build/site/index.html is missing. Fix: `make site` (or `make test-site`).")
        return 1
    start = time.time()
    server, base = serve(BUILD)
    driver = make_driver()
    try:
        pages, links = crawl_site(driver, base)
        log(f"site: {len(pages)} pages loaded, {len(links)} internal links answered "
            f"({sum(s == 200 for s in links.values())} with HTTP 200), "
            f"{sum(info['mjx'] for _, info in pages)} formulas rendered, "
            f"{sum(len(info['imgs']) for _, info in pages)} images loaded")
        check_notebook_pages(pages, base)
        site_screenshots(driver, base)
        check_slides(driver, base)
    except bt.Failure as exc:
        fail(str(exc))
    finally:
        driver.quit()
        server.shutdown()
    demo_seconds = None
    if os.environ.get("SITE_TEST_NO_DEMO") != "1":
        demo_start = time.time()
        check_demo_in_lab()
        demo_seconds = time.time() - demo_start
    took = time.time() - start
    if failures:
        log(f"{len(failures)} failure(s) in {took:.0f} s; screenshots in build/screenshots/")
        return 1
    log(f"all site, slide and demo checks passed in {took:.0f} s"
        + (f" (demo in JupyterLab {demo_seconds:.0f} s)" if demo_seconds else "")
        + "; screenshots in build/screenshots/")
    return 0


# ---- a live demo in JupyterLab ----------------------------------------------------------------

DEMO_CELL_JS = """
const nb = window.jupyterapp.shell.currentWidget.content;
const cells = nb.model.cells;
for (let i = 0; i < cells.length; i++) {
  const src = cells.get(i).sharedModel.getSource();
  if (src.includes('demos.live_')) return i;
}
return -1;
"""

FIGURE_JS = """
const nb = window.jupyterapp.shell.currentWidget.content;
const cell = nb.widgets[arguments[0]];
const imgs = cell.node.querySelectorAll('.widget-output img, .jupyter-widgets img');
return Array.from(imgs).map(i => i.src.slice(-200) + ':' + i.src.length).join('|');
"""


def check_demo_in_lab():
    bt.OUT.mkdir(parents=True, exist_ok=True)
    files = bt.copy_course()
    port = bt.free_port()
    proc, log_file, _, token = bt.start_server(port, bt.OUT / "settings", bt.OUT / "workspaces")
    driver = None
    try:
        driver = bt.make_driver()
        base = f"http://127.0.0.1:{port}"
        bt.open_notebook(driver, base, DEMO_LESSON, token)
        run_demo(driver)
    except bt.Failure as exc:
        fail(f"live demo: {exc}")
        if driver is not None:
            screenshot(driver, "demo_failure")
    finally:
        if driver is not None:
            driver.quit()
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except Exception:  # noqa: BLE001
            proc.kill()
        log_file.close()
    del files


def run_demo(driver):
    index = driver.execute_script(DEMO_CELL_JS)
    if index < 0:
        raise bt.Failure(f"{DEMO_LESSON} has no live demo cell (demos.live_...)")
    # Run the cells up to and including the demo cell: the demo needs the lesson's data.
    driver.execute_script(
        "const p = window.jupyterapp.shell.currentWidget; p.content.activeCellIndex = arguments[0];"
        "window.jupyterapp.commands.execute('notebook:run-all-above');", index)
    bt.wait_for(driver, lambda d: bt.kernel_idle(d), "the cells above the demo", timeout=240)
    driver.execute_script(
        "const p = window.jupyterapp.shell.currentWidget; p.content.activeCellIndex = arguments[0];"
        "window.jupyterapp.commands.execute('notebook:run-cell');", index)
    slider = bt.wait_for(driver, lambda d: [s for s in bt.css(d, ".jp-Cell .noUi-handle")
                                            if s.is_displayed()],
                         "the demo's slider", timeout=120)
    figure = bt.wait_for(driver, lambda d: d.execute_script(FIGURE_JS, index),
                         "the demo's figure", timeout=60)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", slider[0])
    time.sleep(1)
    screenshot(driver, "demo_before")
    from selenium.webdriver.common.action_chains import ActionChains

    ActionChains(driver).click_and_hold(slider[0]).move_by_offset(120, 0).release().perform()
    changed = bt.wait_for(driver, lambda d: (lambda f: f if f and f != figure else None)(
        d.execute_script(FIGURE_JS, index)), "the figure to change after moving the slider",
        timeout=60)
    time.sleep(1)
    screenshot(driver, "demo_after")
    value = driver.execute_script(
        "return Array.from(document.querySelectorAll('.widget-readout'))"
        ".map(e => e.textContent).join(', ')")
    log(f"live demo in {DEMO_LESSON}: dragging the slider to {value} redrew the figure "
        f"(image data of {figure.split(':')[-1]} -> {changed.split(':')[-1]} characters)")


if __name__ == "__main__":
    sys.exit(main())
