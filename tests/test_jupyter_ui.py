"""The notebook view in the real Jupyter front ends: JupyterLab and Notebook 7, in Chromium.

``graph.render.to_notebook`` returns an ``<iframe srcdoc=...>``, so the view is saved inside
the ``.ipynb`` (no side file) and shows when the saved notebook is opened again. This module
checks that in the real applications, not only with nbclient and a wrapper page
(tests/test_browser.py):

1. a one-cell notebook (a small hand-made graph, then ``to_notebook(g, height=400)``) is run
   with a real kernel (nbclient) and saved: ``trusted.ipynb``, signed with the notebook
   secret of the servers' (isolated) ``JUPYTER_DATA_DIR`` as ``jupyter trust`` does;
   ``untrusted.ipynb``, the same outputs in a notebook that was never signed here (as a
   notebook received from someone else, or committed with its outputs, is); and
   ``blank.ipynb``, the control: signed, its page without its scripts (the iframe and the
   legend show, the canvas stays empty);
2. ``jupyter lab`` and ``jupyter notebook`` servers are started on free local ports (no token,
   no password, config/data/runtime/settings/workspaces directories in tmp);
3. headless Chromium opens each notebook in each UI (``/lab/workspaces/NAME/tree/NAME.ipynb``
   and ``/notebooks/NAME.ipynb``) with nothing resolvable but 127.0.0.1, dumps the DOM and
   takes a screenshot (1400x1000: the output is in view).

What the user sees, and what is asserted:

* **trusted**: the output is rendered as trusted HTML (``jp-mod-trusted``); it holds the
  sandboxed iframe, whose ``srcdoc`` is exactly the page saved in the notebook; and the graph
  is drawn inside it: the screenshot has at least :data:`MIN_DRAWN_PIXELS` pixels of the node
  types' exact fill colours more than the blank control (whose only such pixels are the
  legend glyphs, about 265; nothing in Jupyter's own UI uses these colours). A stripped iframe
  (0) or an iframe whose page did not draw (the control) fails.
* **untrusted**: JupyterLab and Notebook 7 sanitize the HTML output of an untrusted notebook:
  the iframe is removed and the output area shows only the text the iframe element holds as
  its fallback content, i.e. today NOTHING (an empty output: no graph, no message; the
  text/plain repr is not shown either, the sanitized HTML is still the preferred output).
  The screenshot has no pixel of any node colour. The user must trust the notebook
  (Notebook 7: File > Trust Notebook; JupyterLab: command palette "Trust Notebook"; or
  ``jupyter trust NAME.ipynb``) or run the cell again; after that the view shows.
* **hidden while loading** (a wrapper page, no Jupyter): an output laid out while hidden or
  of zero size (a background tab, a collapsed output; seen once in ~25 Notebook 7 loads)
  fitted its view to an empty canvas: once shown, the graph sits around the canvas's top-left
  corner, mostly out of view; the page now fits again when its canvas first gets a size
  (unless the reader has moved or zoomed it), and this test checks it.

VS Code's notebook UI cannot run here (no VS Code in a headless test environment); it renders
``text/html`` outputs in its own webview and is not covered by this module.

JupyterLab, Notebook 7 and Chromium are optional: without the packages (the ``test`` extra)
the module is skipped; without Chromium (Debian's ``chromium``, installed by ``make browser``
or, as root with apt-get, by :func:`tests.fixtures.browser.find_chromium`) its tests are.
Screenshots and DOM dumps are kept in ``$NEWSKG_BROWSER_ARTIFACTS`` when it is set.
"""

from __future__ import annotations

import copy
import html
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import pytest

pytest.importorskip("jupyterlab", reason="JupyterLab is not installed (pip install -e '.[test]')")
pytest.importorskip("notebook", reason="Notebook 7 is not installed (pip install -e '.[test]')")

import nbformat
from nbclient import NotebookClient
from nbformat.sign import NotebookNotary

from graph.render import TYPE_STYLES
from tests.fixtures.browser import CHROMIUM_FLAGS, Png, decode_png, run_all, run_chromium

WINDOW = (1400, 1000)
BUDGET_MS = 15000  # virtual time for the UI to load, open the notebook and draw the output
NODE_TYPES = ("Person", "Organization", "Country", "Event")
#: Pixels of the node types' fill colours the screenshot must show beyond the blank control's
#: (its legend glyphs, about 265): seen 2,700-4,100 when drawn.
MIN_DRAWN_PIXELS = 1000
#: The same, for each node type (the whole graph in view): the smallest node seen (a star,
#: zoomed out) had about 230 pixels; the legend glyphs have 19 to 110.
MIN_NODE_PIXELS = 120
NOTEBOOKS = ("trusted", "untrusted", "blank")
#: UI name -> (server application, URL path of a notebook; ``{name}`` is its stem)
UIS = {
    "lab": ("jupyterlab", "lab/workspaces/{name}/tree/{name}.ipynb"),
    "notebook7": ("notebook", "notebooks/{name}.ipynb"),
}

# The cell a user would write: a small graph with the attributes the projections produce
# (articles=8: nodes large enough to tell from the legend glyphs), shown by to_notebook.
CELL = """\
import networkx as nx
from graph.render import to_notebook

g = nx.MultiDiGraph()
for key, label, kind in [("lee", "Ann Lee", "Person"), ("union", "Dockers' Union", "Organization"),
                         ("fre", "Freedonia", "Country"), ("summit", "Harbour Summit", "Event")]:
    g.add_node(f"urn:x:{key}", label=label, type=kind, articles=8)
for u, v, p in [("lee", "union", "leads"), ("lee", "summit", "attended"),
                ("union", "fre", "member_of")]:
    g.add_edge(f"urn:x:{u}", f"urn:x:{v}", key=p, predicate=p, label=p,
               articles=["urn:a:1"], evidence=[])
to_notebook(g, height=400, title="Harbour")"""

_ENV_DIRS = (
    "JUPYTER_CONFIG_DIR",
    "JUPYTER_DATA_DIR",
    "JUPYTER_RUNTIME_DIR",
    "JUPYTERLAB_SETTINGS_DIR",
    "JUPYTERLAB_WORKSPACES_DIR",
    "IPYTHONDIR",
)


def _rgb(color: str) -> tuple[int, int, int]:
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


NODE_COLORS = {_rgb(TYPE_STYLES[t][0]): t for t in NODE_TYPES}


# ------------------------------------------------------------------------------ helpers
@dataclass
class Notebooks:
    """The saved notebooks, the environment of the servers, the iframe of the output."""

    root: Path  # the servers' root_dir
    env: dict[str, str]
    iframe: str  # the text/html output as saved
    page: str  # the page inside it (srcdoc, unescaped)
    files_after_run: list[str]  # what was in root_dir right after the kernel ran the cell


@dataclass
class Server:
    ui: str
    port: int
    proc: subprocess.Popen[bytes]
    log: Path


@dataclass
class Load:
    """One notebook opened in one UI: the DOM Chromium dumped and its screenshot."""

    ui: str
    name: str
    url: str
    returncode: int
    seconds: float
    dom: str
    stderr: str
    screenshot: Path | None


@dataclass
class _Output:
    classes: set[str]
    iframes: list[dict[str, str | None]] = field(default_factory=list)
    text: list[str] = field(default_factory=list)


class _OutputReader(HTMLParser):
    """The ``text/html`` output areas of a dumped JupyterLab/Notebook 7 DOM."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.outputs: list[_Output] = []
        self.depth = 0  # > 0 inside an output area
        self.cells = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        classes = set((a.get("class") or "").split())
        if "jp-CodeCell" in classes:
            self.cells += 1
        if self.depth:
            if tag == "iframe":
                self.outputs[-1].iframes.append(a)
            if tag not in _VOID:
                self.depth += 1
        elif tag == "div" and a.get("data-mime-type") == "text/html":
            self.outputs.append(_Output(classes))
            self.depth = 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag not in _VOID:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.outputs[-1].text.append(data)


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}


def _read_outputs(dom: str) -> _OutputReader:
    reader = _OutputReader()
    reader.feed(dom)
    reader.close()
    return reader


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _start_server(ui: str, nbs: Notebooks, logdir: Path) -> Server:
    module = UIS[ui][0]
    port = _free_port()
    log = logdir / f"{ui}-server.log"
    args = [
        sys.executable,
        "-m",
        module,
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        "--ServerApp.port_retries=0",
        "--IdentityProvider.token=",
        "--PasswordIdentityProvider.hashed_password=",
        f"--ServerApp.root_dir={nbs.root}",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--allow-root")
    with log.open("wb") as out:
        proc = subprocess.Popen(
            args,
            env=nbs.env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # its own process group: stopped as a whole
        )
    return Server(ui, port, proc, log)


def _wait_ready(server: Server, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    url = f"http://127.0.0.1:{server.port}/api/status"
    while time.monotonic() < deadline:
        if server.proc.poll() is not None:
            break
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    tail = server.log.read_text(encoding="utf-8", errors="replace")[-3000:]
    raise AssertionError(f"{server.ui} server did not answer on {url}:\n{tail}")


def _stop_server(server: Server) -> None:
    """SIGTERM to the server's group (it shuts its kernels down), SIGKILL if it hangs."""
    if server.proc.poll() is not None:
        return
    try:
        os.killpg(server.proc.pid, signal.SIGTERM)
        server.proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(server.proc.pid, signal.SIGKILL)
        server.proc.wait(timeout=10)
    except ProcessLookupError:
        pass


def _flags() -> list[str]:
    """tests/fixtures/browser.py's flags, with the local servers resolvable (only them)."""
    out = []
    for flag in CHROMIUM_FLAGS:
        if flag.startswith("--host-resolver-rules="):
            flag += ", EXCLUDE 127.0.0.1"
        out.append(flag)
    return out


def _load(binary: str, server: Server, name: str, workdir: Path) -> Load:
    url = f"http://127.0.0.1:{server.port}/" + UIS[server.ui][1].format(name=name)
    run = run_chromium(
        binary, url, workdir, budget_ms=BUDGET_MS, window=WINDOW, netlog=False, flags=_flags()
    )
    return Load(
        server.ui, name, url, run.returncode, run.seconds, run.dom, run.stderr, run.screenshot
    )


def _node_pixels(png: Png) -> dict[str, int]:
    """How many pixels of the screenshot have each node type's exact fill colour."""
    counts = dict.fromkeys(NODE_TYPES, 0)
    for p in png.sample((0, 0, png.width, png.height), step=1):
        kind = NODE_COLORS.get(p)
        if kind is not None:
            counts[kind] += 1
    return counts


# ------------------------------------------------------------------------------ fixtures
@pytest.fixture(scope="module")
def notebooks(tmp_path_factory: pytest.TempPathFactory) -> Notebooks:
    """The notebook run by a real kernel, saved signed (trusted), unsigned (untrusted) and as
    the signed blank control."""
    base = tmp_path_factory.mktemp("jupyter")
    root = base / "notebooks"
    root.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "JPY_"))}
    for name in _ENV_DIRS:
        path = base / name.lower()
        path.mkdir()
        env[name] = str(path)
    # no "get official Jupyter news?" toast in JupyterLab
    notif = Path(env["JUPYTERLAB_SETTINGS_DIR"], "@jupyterlab", "apputils-extension")
    notif.mkdir(parents=True)
    (notif / "notification.jupyterlab-settings").write_text('{"fetchNews": "false"}\n')

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(CELL)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(root)}}
    ).execute()
    files_after_run = sorted(p.name for p in root.iterdir())
    outputs = nb.cells[0].outputs
    assert len(outputs) == 1 and outputs[0].output_type == "execute_result", outputs
    iframe = outputs[0].data["text/html"]

    page = html.unescape(iframe.split('srcdoc="', 1)[1].split('"', 1)[0])
    assert html.escape(page, quote=True) in iframe

    # the untrusted copy, differing (a notebook's signature is a digest of all of it): never
    # signed with this secret, as a notebook from elsewhere
    other = copy.deepcopy(nb)
    other.metadata["title"] = "a copy from elsewhere"
    nbformat.write(other, root / "untrusted.ipynb")
    notary = NotebookNotary(data_dir=env["JUPYTER_DATA_DIR"])
    # the blank control: trusted, the same page without its scripts (legend, empty canvas)
    blank = copy.deepcopy(nb)
    no_scripts = re.sub(r"<script>.*?</script>", "", page, flags=re.DOTALL)
    assert no_scripts != page
    out = blank.cells[0].outputs[0]
    out.data["text/html"] = iframe.replace(
        html.escape(page, quote=True), html.escape(no_scripts, quote=True)
    )
    notary.sign(blank)
    nbformat.write(blank, root / "blank.ipynb")
    notary.sign(nb)  # what `jupyter trust trusted.ipynb` does with this JUPYTER_DATA_DIR
    nbformat.write(nb, root / "trusted.ipynb")
    return Notebooks(root, env, iframe, page, files_after_run)


@pytest.fixture(scope="module")
def loads(
    chromium: str, notebooks: Notebooks, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[tuple[str, str], Load]]:
    """Both servers up, each notebook opened once in each UI (two browsers at a time)."""
    out = tmp_path_factory.mktemp("jupyter-ui")
    servers: dict[str, Server] = {}
    start = time.monotonic()
    try:
        for ui in UIS:
            servers[ui] = _start_server(ui, notebooks, out)
        for server in servers.values():
            _wait_ready(server)
        jobs = [(ui, name) for ui in UIS for name in NOTEBOOKS]
        with ThreadPoolExecutor(max_workers=2) as pool:
            futures = {
                (ui, name): pool.submit(_load, chromium, servers[ui], name, out / f"{ui}-{name}")
                for ui, name in jobs
            }
            done = {key: f.result() for key, f in futures.items()}
    finally:
        for server in servers.values():
            _stop_server(server)
    print(f"\njupyter UIs: {len(done)} loads, {time.monotonic() - start:.1f} s with servers")
    keep = os.environ.get("NEWSKG_BROWSER_ARTIFACTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        for (ui, name), load in done.items():
            if load.screenshot:
                shutil.copy(load.screenshot, Path(keep) / f"jupyter-{ui}-{name}.png")
            Path(keep, f"jupyter-{ui}-{name}.dom.html").write_text(load.dom, encoding="utf-8")
        for server in servers.values():
            shutil.copy(server.log, Path(keep) / f"jupyter-{server.ui}-server.log")
    yield done


@cache
def _png(path: Path) -> Png:
    return decode_png(path)


def _ok(load: Load) -> tuple[_OutputReader, Png]:
    """The load worked: the UI showed the notebook's code cell with its HTML output area."""
    assert load.returncode == 0, f"chromium failed on {load.url}: {load.stderr[-2000:]}"
    reader = _read_outputs(load.dom)
    assert reader.cells == 1, f"{load.url}: the notebook's cell is not shown ({reader.cells})"
    assert "to_notebook" in load.dom, f"{load.url}: the cell's code is not shown"
    assert len(reader.outputs) == 1, f"{load.url}: {len(reader.outputs)} HTML output areas"
    assert load.screenshot is not None, load.stderr[-2000:]
    png = _png(load.screenshot)
    assert (png.width, png.height) == WINDOW
    return reader, png


# ------------------------------------------------------------------------------ tests
def test_the_view_is_saved_inside_the_notebook(notebooks: Notebooks) -> None:
    """The output is the iframe itself (the page in ``srcdoc``), and no file was written."""
    assert notebooks.iframe.startswith("<iframe srcdoc=")
    assert 'sandbox="allow-scripts"' in notebooks.iframe
    assert notebooks.page.startswith("<!DOCTYPE html>") and 'id="kg-data"' in notebooks.page
    assert notebooks.files_after_run == [], "running the cell wrote a side file"
    saved = nbformat.read(notebooks.root / "trusted.ipynb", as_version=4)
    assert saved.cells[0].outputs[0].data["text/html"] == notebooks.iframe
    notary = NotebookNotary(data_dir=notebooks.env["JUPYTER_DATA_DIR"])
    assert notary.check_signature(saved)
    untrusted = nbformat.read(notebooks.root / "untrusted.ipynb", as_version=4)
    assert not notary.check_signature(untrusted)
    assert untrusted.cells[0].outputs[0].data["text/html"] == notebooks.iframe


def _fallback_text(iframe: str) -> str:
    """The text inside the ``<iframe>`` element (what a browser shows where it has no iframe);
    the ``srcdoc`` is escaped, so no ``>`` ends the start tag early."""
    inner = re.fullmatch(r"<iframe\b[^>]*>(.*)</iframe>\s*", iframe, re.DOTALL)
    assert inner is not None, iframe[:200]
    parser = _TextReader()
    parser.feed(inner.group(1))
    parser.close()
    return " ".join("".join(parser.text).split())


class _TextReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _drawn(counts: dict[str, int], control: dict[str, int]) -> dict[str, int]:
    """Node colour pixels beyond the blank control's (its legend glyphs), by node type."""
    return {t: counts[t] - control[t] for t in NODE_TYPES}


@pytest.mark.parametrize("ui", list(UIS))
def test_blank_control_is_told_apart(ui: str, loads: dict[tuple[str, str], Load]) -> None:
    """The control: the iframe is there, its page's legend shows, its canvas stays empty."""
    reader, png = _ok(loads[ui, "blank"])
    output = reader.outputs[0]
    assert "jp-mod-trusted" in output.classes and len(output.iframes) == 1, output
    counts = _node_pixels(png)
    assert all(counts.values()), f"{ui}: the legend of the blank control is missing: {counts}"
    assert sum(counts.values()) < MIN_DRAWN_PIXELS, counts


@pytest.mark.parametrize("ui", list(UIS))
def test_trusted_notebook_draws_the_view(
    ui: str, loads: dict[tuple[str, str], Load], notebooks: Notebooks
) -> None:
    """Opened trusted, the output is the sandboxed iframe of the saved page, and it drew."""
    load = loads[ui, "trusted"]
    reader, png = _ok(load)
    output = reader.outputs[0]
    assert "jp-mod-trusted" in output.classes, output.classes
    assert len(output.iframes) == 1, f"{ui}: the iframe was not rendered"
    frame = output.iframes[0]
    assert frame.get("sandbox") == "allow-scripts", frame.get("sandbox")
    assert frame.get("srcdoc") == notebooks.page, f"{ui}: the iframe's page is not the saved one"
    _, blank = _ok(loads[ui, "blank"])
    drawn = _drawn(_node_pixels(png), _node_pixels(blank))
    assert sum(drawn.values()) >= MIN_DRAWN_PIXELS, (
        f"{ui}: the graph did not draw in the iframe (node colour pixels beyond the blank "
        f"control's: {drawn}; need {MIN_DRAWN_PIXELS}; {load.seconds:.1f} s)"
    )


@pytest.mark.parametrize("ui", list(UIS))
def test_untrusted_notebook_shows_no_view(
    ui: str, loads: dict[tuple[str, str], Load], notebooks: Notebooks
) -> None:
    """Opened untrusted, the HTML output is sanitized: no iframe; what shows is the iframe's
    fallback content (none today: an empty output area)."""
    load = loads[ui, "untrusted"]
    reader, png = _ok(load)
    output = reader.outputs[0]
    assert "jp-mod-trusted" not in output.classes, output.classes
    assert output.iframes == [], f"{ui}: an untrusted notebook kept the iframe"
    assert " ".join("".join(output.text).split()) == _fallback_text(notebooks.iframe)
    counts = _node_pixels(png)
    assert sum(counts.values()) == 0, f"{ui}: node colours in an untrusted notebook: {counts}"


# ------------------------------------------------------------------------------ hidden
def _hidden_wrapper(iframe: str, path: Path) -> Path:
    """A page with ``iframe`` in an output that is hidden while the page loads, then shown
    (as an output in a background tab, or collapsed, is)."""
    path.write_text(
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>hidden</title></head>'
        '<body style="margin:0"><div id="out" style="display:none">'
        f"{iframe}</div><script>setTimeout(function () {{"
        ' document.getElementById("out").style.display = "block"; }, 3000);</script>'
        "</body></html>",
        encoding="utf-8",
    )
    return path


def test_view_loaded_while_hidden_fits_once_shown(
    chromium: str, notebooks: Notebooks, tmp_path: Path
) -> None:
    """Shown after loading hidden, every node type is in view (beyond the blank control)."""
    blank_nb = nbformat.read(notebooks.root / "blank.ipynb", as_version=4)
    pages = {
        "shown": _hidden_wrapper(notebooks.iframe, tmp_path / "shown.html"),
        "blank": _hidden_wrapper(
            blank_nb.cells[0].outputs[0].data["text/html"], tmp_path / "blank.html"
        ),
    }
    jobs = [
        (name, page.as_uri(), tmp_path / name, {"window": (1000, 500), "netlog": False})
        for name, page in pages.items()
    ]
    done = run_all(chromium, jobs, workers=2)
    counts = {}
    for name, run in done.items():
        assert run.returncode == 0 and run.screenshot is not None, run.stderr[-2000:]
        counts[name] = _node_pixels(_png(run.screenshot))
    drawn = _drawn(counts["shown"], counts["blank"])
    assert all(n >= MIN_NODE_PIXELS for n in drawn.values()), f"not all in view: {drawn}"
