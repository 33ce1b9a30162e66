"""What the two sides of a notebook pair hold, and which one changed since they were last in sync.

A pair is ``NN_topic.py`` (jupytext percent, the text you edit) and ``NN_topic.ipynb`` (the same
cells plus their stored outputs). Each time ``make notebooks`` syncs and executes a pair it
writes a digest of the synced cells (type, source and tags of every cell) into the .ipynb's
metadata, under ``inside_a_model.synced_cells``. Comparing each side with that digest tells
which side changed, whatever the files' modification times say:

- neither side differs from the other: in sync;
- only the .py differs from the digest: the .py is newer, carry it into the .ipynb;
- only the .ipynb differs: the .ipynb is newer (edited in JupyterLab), carry it into the .py;
- both differ: both were edited; nothing is overwritten until the author says which to keep.

A notebook written before the digest existed falls back on the version committed at git
``HEAD`` (committed pairs agree, the pairing guard sees to it).
"""

from __future__ import annotations

import hashlib
import json
import subprocess
from pathlib import Path

import jupytext
import nbformat
from jupytext.combine import combine_inputs_with_outputs
from jupytext.config import load_jupytext_config

ROOT = Path(__file__).resolve().parents[1]
METADATA_KEY = "inside_a_model"
FMT = "py:percent"

IN_SYNC, PY_NEWER, IPYNB_NEWER, BOTH_CHANGED, UNKNOWN = (
    "in sync", "py newer", "ipynb newer", "both changed", "unknown")


def rel(path):
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def tags(cell):
    return sorted(cell.get("metadata", {}).get("tags", []))


def source(cell):
    """A cell's source as the guard compares it: no trailing blanks, no blank edges."""
    return "\n".join(line.rstrip() for line in cell["source"].strip().splitlines())


def cell_key(cell):
    return [cell.cell_type, source(cell), tags(cell)]


def digest(nb):
    """Digest of what the two sides must agree on: every cell's type, source and tags."""
    text = json.dumps([cell_key(c) for c in nb.cells], ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def read_py(py_path):
    return jupytext.read(py_path, fmt=FMT)


def read_ipynb(ipynb_path):
    return nbformat.read(ipynb_path, as_version=4)


def stored_digest(nb):
    return nb.metadata.get(METADATA_KEY, {}).get("synced_cells")


def set_digest(nb):
    nb.metadata.setdefault(METADATA_KEY, {})["synced_cells"] = digest(nb)


def _git_head_digest(py_path):
    """Digest of the .py as committed at HEAD, or None outside git or for a new file."""
    py_path = Path(py_path).resolve()
    try:
        name = py_path.relative_to(ROOT).as_posix()
        text = subprocess.run(["git", "show", f"HEAD:{name}"], cwd=ROOT, capture_output=True,
                              text=True, check=True).stdout
    except (ValueError, OSError, subprocess.CalledProcessError):
        return None
    return digest(jupytext.reads(text, fmt=FMT))


def base_digest(py_path, nb):
    """Digest of the cells when the pair was last in sync (None if nobody can tell)."""
    return stored_digest(nb) or _git_head_digest(py_path)


def differing_cells(text_nb, nb):
    """One line per cell in which the .py and the .ipynb differ, numbered as the guard does."""
    out = []
    for i, (tc, nc) in enumerate(zip(text_nb.cells, nb.cells, strict=False), start=1):
        if cell_key(tc) == cell_key(nc):
            continue
        if tc.cell_type != nc.cell_type:
            out.append(f"cell {i}: {tc.cell_type} in the .py, {nc.cell_type} in the .ipynb")
        elif source(tc) != source(nc):
            out.append(f"cell {i}: {first_difference(source(tc), source(nc))}")
        else:
            out.append(f"cell {i}: tags {tags(tc)} in the .py, {tags(nc)} in the .ipynb")
    if len(text_nb.cells) != len(nb.cells):
        out.append(f"the .py has {len(text_nb.cells)} cells, the .ipynb {len(nb.cells)}")
    return out


def first_difference(a, b):
    la, lb = a.splitlines(), b.splitlines()
    for i, (x, y) in enumerate(zip(la, lb, strict=False), start=1):
        if x != y:
            return f"line {i}: .py has {x!r}, .ipynb has {y!r}"
    if len(la) > len(lb):
        return f"line {len(lb) + 1}: .py has {la[len(lb)]!r}, the .ipynb cell ends before it"
    if len(lb) > len(la):
        return f"line {len(la) + 1}: .ipynb has {lb[len(la)]!r}, the .py cell ends before it"
    return "same lines"


def state(py_path, ipynb_path):
    """(state, text_nb, nb) for an existing pair; state is one of the five constants."""
    text_nb, nb = read_py(py_path), read_ipynb(ipynb_path)
    py_d, nb_d = digest(text_nb), digest(nb)
    if py_d == nb_d:
        return IN_SYNC, text_nb, nb
    base = base_digest(py_path, nb)
    if base is None:
        return UNKNOWN, text_nb, nb
    if base == nb_d:
        return PY_NEWER, text_nb, nb
    if base == py_d:
        return IPYNB_NEWER, text_nb, nb
    return BOTH_CHANGED, text_nb, nb


def keep_hint(py_path):
    py = rel(Path(py_path).with_suffix(".py"))
    return (f"To keep the .py: `make notebooks NB={py} KEEP=py`; to keep the .ipynb: "
            f"`make notebooks NB={py} KEEP=ipynb` (the other side's edits in those cells are "
            "lost); or first copy the edits you want from one side into the other, then keep "
            "that one.")


def describe(st, py_path, ipynb_path):
    """A sentence for the guard: which side is newer and what `make notebooks` will do."""
    py = rel(Path(py_path).with_suffix(".py"))
    if st == PY_NEWER:
        return (f"The .py is newer (edited since the last `make notebooks`): `make notebooks "
                f"NB={py}` will carry it into the .ipynb and re-execute; then commit both files.")
    if st == IPYNB_NEWER:
        return (f"The .ipynb is newer (edited in JupyterLab since the last `make notebooks`): "
                f"`make notebooks NB={py}` will carry it into the .py and re-execute; then "
                "commit both files.")
    if st == BOTH_CHANGED:
        return ("Both files were edited since they were last in sync, so `make notebooks` will "
                "stop rather than overwrite either. " + keep_hint(py_path))
    return ("Nothing records which side was edited last, so `make notebooks` will stop rather "
            "than guess. " + keep_hint(py_path))


def _config(folder):
    """The jupytext.toml that governs ``folder`` (notebooks/ and homework/ have their own)."""
    return load_jupytext_config(str(folder))


def _jupytext_metadata(folder=ROOT / "notebooks"):
    config = _config(folder)
    meta = {}
    if config is not None:
        if config.notebook_metadata_filter:
            meta["notebook_metadata_filter"] = config.notebook_metadata_filter
        if config.cell_metadata_filter:
            meta["cell_metadata_filter"] = config.cell_metadata_filter
    return meta


def write_py(nb, py_path):
    text = jupytext.writes(nb, fmt=FMT, config=_config(Path(py_path).resolve().parent))
    Path(py_path).write_text(text)


def py_to_ipynb(text_nb, nb=None):
    """The .py's cells, with the stored outputs of every cell whose source did not change."""
    if nb is None:
        new = nbformat.v4.new_notebook()
        new.metadata.update(text_nb.metadata)
        new.cells = text_nb.cells
        new = nbformat.from_dict(new)
    else:
        new = combine_inputs_with_outputs(text_nb, nb, fmt=FMT)
    new.metadata["jupytext"] = (nb.metadata.get("jupytext") if nb is not None else None) \
        or _jupytext_metadata()
    new.metadata["jupytext"].pop("text_representation", None)
    return new


class PairConflict(Exception):
    """Both sides of a pair changed: the author must say which one to keep."""


def sync(py_path, keep=None):
    """Bring the pair to the same cells without losing an edit; return what was done.

    ``keep`` ("py" or "ipynb") settles a conflict by keeping that side. Raises
    :class:`PairConflict` when both sides changed (or nothing tells) and ``keep`` is None.
    """
    py_path = Path(py_path).with_suffix(".py")
    ipynb_path = py_path.with_suffix(".ipynb")
    if not ipynb_path.exists() and not py_path.exists():
        raise FileNotFoundError(f"{rel(py_path)}: neither the .py nor the .ipynb exists")
    if not ipynb_path.exists():
        nbformat.write(py_to_ipynb(read_py(py_path)), ipynb_path)
        return "created the .ipynb from the .py"
    if not py_path.exists():
        write_py(read_ipynb(ipynb_path), py_path)
        return "created the .py from the .ipynb"
    st, text_nb, nb = state(py_path, ipynb_path)
    if keep == "py" and st != IN_SYNC:
        st = PY_NEWER
    elif keep == "ipynb" and st != IN_SYNC:
        st = IPYNB_NEWER
    if st == IN_SYNC:
        return "in sync"
    if st == PY_NEWER:
        nbformat.write(py_to_ipynb(text_nb, nb), ipynb_path)
        return "carried the .py into the .ipynb"
    if st == IPYNB_NEWER:
        write_py(nb, py_path)
        return "carried the .ipynb into the .py"
    what = ("both the .py and the .ipynb changed since they were last in sync"
            if st == BOTH_CHANGED else "the .py and the .ipynb differ and nothing records "
            "which side was edited last")
    cells = "\n".join("    " + line for line in differing_cells(text_nb, nb))
    raise PairConflict(f"{rel(py_path)}: {what}; nothing was overwritten. They differ in\n"
                       f"{cells}\n  {keep_hint(py_path)}")
