"""The peer's producer: one task per `.txt` article under a directory, then wait for every result.

Run (from bench/, with a worker running):  PEER_REDIS_URL=redis://127.0.0.1:6379/0 python -m peer.send DIR
"""

import sys
from pathlib import Path

from peer.app import TASK, app


def main(directory: Path, timeout: float = 3600) -> int:
    """Send every article, wait for all; exit status 0 when every one was processed."""
    paths = sorted(directory.rglob("*.txt"))
    # send_task by name: the producer does not import the task module, so it never loads the model.
    results = [app.send_task(TASK, args=[p.name, p.read_text(encoding="utf-8", errors="replace")])
               for p in paths]
    failed = 0
    for result in results:
        try:
            result.get(timeout=timeout)
        except Exception as exc:  # noqa: BLE001 - count every failed article and carry on
            failed += 1
            print(f"failed: {exc!r}", file=sys.stderr)
    print(f"peer: {len(paths) - failed} of {len(paths)} articles processed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
