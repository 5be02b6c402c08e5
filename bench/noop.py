"""A job that does nothing: the RQ rate of a worker class, for the screening ratio."""


def noop(n: int) -> int:
    return n
