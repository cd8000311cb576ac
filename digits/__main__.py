"""`python -m digits`: see digits/cli.py."""

import sys

from digits.cli import main

sys.exit(main())
