"""Writing the files of a report: figures and HTML pages from templates."""

from importlib import resources
from string import Template

from ..plotting._figures import pyplot


def save_figure(figure, path, dpi=110):
    """Write ``figure`` to ``path`` and close it (reports make many figures)."""
    figure.savefig(path, dpi=dpi)
    pyplot().close(figure)
    return path


def render_template(name, **values):
    """Fill the HTML template ``templates/<name>`` (``string.Template``).

    Values are inserted as they are: callers escape text with ``html.escape``.
    """
    text = (
        resources.files(__package__)
        .joinpath("templates", name)
        .read_text(encoding="utf-8")
    )
    return Template(text).substitute(values)
