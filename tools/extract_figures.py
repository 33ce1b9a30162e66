"""Write every PNG a notebook stores to a folder, to look at what a student sees.

Usage: python tools/extract_figures.py notebooks/01_normal_equation.ipynb [OUT_DIR]
"""

import base64
import sys
from pathlib import Path

import nbformat


def main(argv=None):
    args = sys.argv[1:] if argv is None else argv
    nb_path = Path(args[0])
    out = Path(args[1] if len(args) > 1 else f"/tmp/figures/{nb_path.stem}")
    out.mkdir(parents=True, exist_ok=True)
    nb = nbformat.read(nb_path, as_version=4)
    count = 0
    for i, cell in enumerate(nb.cells, start=1):
        for output in cell.get("outputs", []):
            png = output.get("data", {}).get("image/png")
            if png:
                count += 1
                path = out / f"cell{i:02d}_{count}.png"
                path.write_bytes(base64.b64decode(png))
                print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
