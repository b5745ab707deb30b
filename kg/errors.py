"""Errors a user can act on; the CLI prints them as one line."""


class KGError(Exception):
    """A user-facing error: bad input, missing file, unknown query.

    The CLI prints ``str(error)`` on one line and exits with ``exit_code``;
    anything else that escapes is a bug and keeps its traceback.
    """

    exit_code = 2


class UsageError(KGError):
    """A command line that cannot work as given (a URL kg will not use, ...)."""


class InputError(KGError):
    """An article or file that cannot be read."""


class QueryError(KGError):
    """A query that does not exist, does not parse, or was rejected."""


class EndpointError(KGError):
    """A SPARQL endpoint that is unreachable, refuses us, or fails."""

    exit_code = 3
