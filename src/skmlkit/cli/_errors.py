"""Library error messages in the command line's words.

Library code names its own parameters (``encoding='utf-16'``, ``sep=``);
the command line shows the flag that sets each one (``--encoding utf-16``,
``--sep``). Only the parameters listed here are translated.
"""

import re

# Library parameter -> the flag that sets it, for every command.
FLAGS = {
    "cancel_prefix": "--cancel-prefix",
    "categorical": "--categorical",
    "numeric": "--numeric",
    "date_format": "--date-format",
    "decimal": "--decimal",
    "encoding": "--encoding",
    "frequency": "--frequency",
    "invoice": "--invoice",
    "k_range": "--k-min/--k-max",
    "missing": "--missing",
    "price": "--price",
    "quantity": "--quantity",
    "n_clusters": "--k",
    "reference_date": "--reference-date",
    "sep": "--sep",
    "sheet": "--sheet",
}
_PARAMETER = re.compile(
    r"\b(" + "|".join(map(re.escape, FLAGS)) + r")="
    r"('[^']*'|\"[^\"]*\"|[\w%/:+-]+(?:\.[\w%/:+-]+)*)?"
)


def as_cli_message(message):
    """Rewrite ``name=value`` of the listed parameters as ``--flag value``.

    Parameters
    ----------
    message : str
        A library error message.

    Returns
    -------
    message : str

    Examples
    --------
    >>> as_cli_message("give encoding='utf-16', or set sep=.")
    "give --encoding 'utf-16', or set --sep."
    """

    def flag(match):
        value = match.group(2)
        return FLAGS[match.group(1)] + (f" {value}" if value else "")

    return _PARAMETER.sub(flag, message)
