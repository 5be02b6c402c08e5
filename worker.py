"""Run an RQ worker inside the app: ``python worker.py [queue ...]``.

The worker itself lives in the package (``app/jobs/worker.py``), so an installed wheel starts
it with ``python -m app.jobs.worker [queue ...]``; this file keeps the source checkout's command.
"""

from __future__ import annotations

import sys

from app.jobs.worker import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
