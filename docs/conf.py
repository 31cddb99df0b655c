"""Sphinx configuration of the skmlkit documentation.

The build is offline: no intersphinx inventories, no downloads. The gallery
examples are executed (they read MNIST and the customer tables from the data
home, ``$SKMLKIT_DATA``), and their run times are recorded.
"""

import os
import warnings

import skmlkit

os.environ.setdefault("MPLBACKEND", "Agg")

project = "skmlkit"
author = "skmlkit developers"
copyright = "2026, skmlkit developers"
release = skmlkit.__version__
version = ".".join(release.split(".")[:2])

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "numpydoc",
    "sphinx_gallery.gen_gallery",
    "matplotlib.sphinxext.plot_directive",
]
autosummary_generate = True
autodoc_default_options = {"members": True, "inherited-members": False}
numpydoc_show_class_members = False
numpydoc_xref_param_type = False
templates_path = ["_templates"]
exclude_patterns = [
    "_build",
    "generated/*.examples",
    "auto_examples/*.ipynb",
    "auto_examples/**/*.ipynb",
    "sg_execution_times.rst",
]
html_theme = "pydata_sphinx_theme"
html_title = f"skmlkit {release}"
html_theme_options = {"navigation_depth": 2, "show_toc_level": 2}
# MathJax is loaded by the reader's browser, never during the build.

sphinx_gallery_conf = {
    "examples_dirs": "../examples",
    "gallery_dirs": "auto_examples",
    "filename_pattern": r".*\.py$",  # execute every example
    "abort_on_example_error": True,
    "only_warn_on_example_error": False,
    "backreferences_dir": None,
    "download_all_examples": False,
    "plot_gallery": "True",
    "within_subsection_order": "FileNameSortKey",
    "reset_modules": ("matplotlib",),
    "remove_config_comments": True,
}

# The benchmarks page draws its plots from benchmarks/results/*.jsonl.
plot_include_source = False
plot_html_show_source_link = False
plot_html_show_formats = False
plot_formats = [("png", 110)]

# Examples run as scripts; their harmless library warnings would otherwise
# fill the build log.
warnings.filterwarnings(
    "ignore", category=UserWarning, message="Matplotlib is currently using agg"
)

# The ``.. plot::`` code of the benchmarks page runs in benchmarks/, where it
# imports plot_results.py.
plot_working_directory = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), os.pardir, "benchmarks"
)
