"""The two kinds of failure of a download: one another attempt may fix, one it will not."""


class _Retryable(Exception):
    """A transient failure: worth another attempt."""


class _Fatal(Exception):
    """A failure another attempt will not fix."""
