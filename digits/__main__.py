"""`python -m digits`: see digits/cli.py."""

import os
import sys

from digits.cli import main

status = main()
# Every file is written, closed and renamed into place by now. Skip the interpreter's
# teardown: with TensorFlow loaded it takes about a second and does nothing we need.
sys.stdout.flush()
sys.stderr.flush()
os._exit(status)
