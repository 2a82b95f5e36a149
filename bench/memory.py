"""Memory benchmark: RSS of a worker child after 500 and after 5,000 articles (not a test).

Run:  /work/venv/bin/python bench/memory.py [--articles 5000] [--checkpoints 500,5000]

It starts a private redis-server on a spare port and one `ingest worker` with one child
whose recycling is disabled (INGEST_MAX_TASKS_PER_CHILD above the article count), so any
growth shows instead of being reset, then prints the child's RSS at each checkpoint.
"""

import argparse
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
_SYLLABLES = ["ka", "lo", "vi", "sha", "ren", "dor", "mi", "tal", "bek", "zan", "ul", "gar"]


def invented_name(rng: random.Random) -> str:
    """A made-up proper name: new vocabulary in every article, as real news brings."""
    return "".join(rng.choice(_SYLLABLES) for _ in range(3)).capitalize()


def make_articles(directory: Path, count: int, seed: int = 7) -> list[Path]:
    """`count` short, distinct articles in seed format, each from a seed's header and lead."""
    rng = random.Random(seed)
    seeds = sorted(SEEDS.glob("*.txt"))
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(count):
        text = seeds[number % len(seeds)].read_text("utf-8")
        blocks = [b.strip("\n") for b in text.split("\n\n") if b.strip()]
        person, town = invented_name(rng), invented_name(rng)
        extra = (f"{person} {invented_name(rng)}, a spokesperson in {town}, said report "
                 f"{number} was filed on day {rng.randint(1, 28)}.")
        path = directory / f"article_{number:05d}.txt"
        path.write_text("\n\n".join([*blocks[:3], extra]) + "\n", "utf-8")
        paths.append(path)
    return paths


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def rss_mb(pid: int) -> float:
    """Resident set size of a process, in MB, from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--checkpoints", default="500,5000")
    args = parser.parse_args()
    checkpoints = sorted(int(c) for c in args.checkpoints.split(","))
    work = Path(tempfile.mkdtemp(prefix="ingest-memory-"))
    port = _free_port()
    redis_proc = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--dir", str(work), "--maxmemory-policy", "noeviction"], stdout=subprocess.DEVNULL)
    out = work / "out"
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("INGEST_")},
           "INGEST_BROKER_URL": f"redis://127.0.0.1:{port}/0", "INGEST_OUT_DIR": str(out),
           "INGEST_QUEUE": "memory", "INGEST_LOG_JSON": "true", "INGEST_LOG_LEVEL": "WARNING",
           "INGEST_MAX_TASKS_PER_CHILD": str(args.articles * 2)}
    log = (work / "worker.log").open("wb")
    worker = subprocess.Popen([sys.executable, "-m", "worker", "worker", "--concurrency=1",
                               "--loglevel=WARNING"], env=env, cwd=ROOT, stdout=log,
                              stderr=subprocess.STDOUT, start_new_session=True)
    try:
        paths = make_articles(work / "in", args.articles)
        subprocess.run([sys.executable, "-m", "worker", "enqueue", str(work / "in")], env=env,
                       cwd=ROOT, check=True, capture_output=True)
        print(f"enqueued {len(paths)} articles; worker pid {worker.pid}", flush=True)
        started = time.monotonic()
        for checkpoint in checkpoints:
            while (stored := sum(1 for _ in out.glob("*.json"))) < checkpoint:
                if worker.poll() is not None:
                    raise RuntimeError("worker exited")
                time.sleep(0.5)
            (child,) = _children(worker.pid)
            print(f"after {stored} articles ({time.monotonic() - started:.0f}s): "
                  f"child {child} RSS {rss_mb(child):.1f} MB, "
                  f"main {worker.pid} RSS {rss_mb(worker.pid):.1f} MB", flush=True)
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(60)
        redis_proc.terminate()
        redis_proc.wait(10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
