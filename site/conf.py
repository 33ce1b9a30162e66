"""Sphinx configuration of the course website (`make site`; built by tools/build_site.py).

Everything a page needs ships inside the build folder: the furo theme's CSS/JS (system fonts,
nothing fetched), MathJax 3 from the sphinx-mathjax-offline package, and no widget JavaScript
from a CDN. The notebooks are rendered with the outputs they store (already checked by nbval),
never re-executed.
"""

project = "Inside a Model"
author = "Inside a Model authors"
copyright = "the Inside a Model authors, MIT licence"

# sphinx-mathjax-offline (its module name has dashes) copies MathJax 3 into _static/mathjax.
extensions = ["myst_nb", "sphinx-mathjax-offline"]

# The stored outputs are the verified ones: render them, never run the notebooks again.
nb_execution_mode = "off"
# myst-nb would load require.js and the widget manager from CDNs for notebooks with widget
# state; the live demos need a kernel anyway, and their static fallback figure is stored.
nb_ipywidgets_js = {}
nb_mime_priority_overrides = [
    ("html", "application/vnd.jupyter.widget-view+json", None),
    ("html", "application/vnd.jupyter.widget-state+json", None),
]
myst_enable_extensions = ["dollarmath", "amsmath"]
myst_heading_anchors = 3

html_theme = "furo"
html_title = "Inside a Model"
html_static_path = []
html_show_sourcelink = False
html_copy_source = False
html_last_updated_fmt = None
html_theme_options = {"navigation_with_keys": True}
# Sphinx writes a search page whose index is local; nothing else is added.
# The staged copy offered for download (without the download cell) is not a page.
exclude_patterns = ["_build", "**.ipynb_checkpoints", "**.download.ipynb"]
suppress_warnings = ["mystnb.unknown_mime_type"]
