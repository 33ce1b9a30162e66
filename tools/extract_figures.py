"""Write every PNG a notebook stores to a folder, to look at what a student sees.

Usage: python tools/extract_figures.py notebooks/01_normal_equation.ipynb [OUT_DIR]
"""

import argparse
import base64
import sys
from pathlib import Path

import nbformat


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebook", type=Path, help="an executed .ipynb")
    parser.add_argument("out", nargs="?", type=Path,
                        help="folder for the PNGs (default: /tmp/figures/<notebook name>)")
    args = parser.parse_args(argv)
    if args.notebook.suffix != ".ipynb" or not args.notebook.is_file():
        parser.error(f"{args.notebook} is not an .ipynb file: the figures live in the .ipynb "
                     "(after `make notebooks`), not in the .py")
    out = args.out or Path("/tmp/figures") / args.notebook.stem
    out.mkdir(parents=True, exist_ok=True)
    nb = nbformat.read(args.notebook, as_version=4)
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
