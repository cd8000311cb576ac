"""The one exception type that reaches a user as a one-line message."""


class DigitsError(Exception):
    """Bad input or a failed step, described in one line that names the file.

    The command line prints it without a traceback and exits non-zero; library
    callers can catch it to tell user mistakes from bugs.
    """
