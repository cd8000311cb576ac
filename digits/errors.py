"""The one exception type that reaches a user as a one-line message."""


class DigitsError(Exception):
    """Bad input or a failed step, described in one line that names the file.

    The command line prints it without a traceback and exits non-zero; library
    callers can catch it to tell user mistakes from bugs.
    """


def first_line(error: BaseException) -> str:
    """An error's message cut to its first line, or its type's name when it says nothing:
    what a DigitsError quotes of a library's failure."""
    message = str(error).strip()
    return message.splitlines()[0] if message else type(error).__name__
