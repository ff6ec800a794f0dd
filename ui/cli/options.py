"""Click options shared by several commands."""

from __future__ import annotations

from pathlib import Path

import click


def questions_option(help: str):
    """The required `--questions FILE` of the eval commands (a JSON Lines eval set), repeatable: each
    file given is read (a single-valued option would keep only the last one, silently)."""
    return click.option(
        "--questions",
        type=click.Path(path_type=Path, dir_okay=False),
        required=True,
        multiple=True,
        help=f"{help} Repeat for several files.",
    )
