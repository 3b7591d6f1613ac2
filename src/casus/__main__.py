"""``python -m casus``: the command line."""

from .cli import main

main()
