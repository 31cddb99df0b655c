"""Library messages name library parameters; the command line shows its flags."""

import pytest

from skmlkit.cli._errors import FLAGS, as_cli_message
from skmlkit.cli._main import build_parser


@pytest.mark.parametrize(
    ("library", "cli"),
    [
        ("give encoding='utf-16').", "give --encoding 'utf-16')."),
        ("Set the separator with sep=.", "Set the separator with --sep."),
        ("impute them (missing='impute') or", "impute them (--missing 'impute') or"),
        ("use categorical=; for decimal commas decimal=','", None),
        ("names date_format=%d/%m/%Y here", "names --date-format %d/%m/%Y here"),
        ("n_samples=3 and separator=x stay", "n_samples=3 and separator=x stay"),
    ],
)
def test_library_parameters_become_flags(library, cli):
    translated = as_cli_message(library)
    if cli is None:
        assert translated == "use --categorical; for decimal commas --decimal ','"
    else:
        assert translated == cli


def test_every_flag_exists_in_the_parser():
    parser = build_parser()
    known = {
        option
        for action in parser._subparsers._group_actions[0].choices.values()
        for sub in [action]
        for act in sub._actions
        for option in act.option_strings
    }
    for flag in FLAGS.values():
        for part in flag.split("/"):
            assert part in known, part
