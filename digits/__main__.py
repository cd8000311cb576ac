"""`python -m digits`: the same as the `digits` command; see digits/cli.py."""

from digits.cli import run

run()
