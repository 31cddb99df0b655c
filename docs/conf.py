"""Sphinx configuration of the skmlkit documentation."""

import skmlkit

project = "skmlkit"
author = "skmlkit developers"
copyright = "2026, skmlkit developers"
release = skmlkit.__version__
version = ".".join(release.split(".")[:2])

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "numpydoc",
]
autosummary_generate = True
autodoc_default_options = {"members": True, "inherited-members": False}
numpydoc_show_class_members = False
numpydoc_xref_param_type = False
templates_path = ["_templates"]
exclude_patterns = ["_build", "generated/*.examples"]
html_theme = "pydata_sphinx_theme"
html_title = f"skmlkit {release}"
# Offline build: no intersphinx inventories are fetched.
