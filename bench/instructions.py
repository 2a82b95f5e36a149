"""Instructions per article of the tag stage against bare `nlp.pipe`, counted by callgrind (not a test).

Run:  python bench/instructions.py [--articles 48]   (needs valgrind: apt-get install valgrind)

Wall-clock timings on a shared VM move by 10 % from run to run, more than most changes to the tag
stage; callgrind's instruction counts repeat. Three runs of this file under callgrind, two at a time,
each loading, warming up and parsing N generated articles as a worker does, then: `tag_many` over them
in batches of 8 (a paced feed's tasks), the bare model over the same bodies in one memory zone and batches of 16 (as
`ingest bench` measures it), or nothing. Each figure is its run minus the last, per article. Under
callgrind a run takes about 50 times as long (some 5 minutes).
"""

import argparse
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

BATCH = 8  # articles per task: a paced feed's batch, the costlier case (a backlog goes 16 to a task)


def child(mode: str, count: int) -> None:
    """The measured work: load and warm up as a worker does, then tag, pipe bare, or do nothing."""
    from worker.bench.baseline import BATCH_SIZE
    from worker.bench.corpus import make_corpus
    from worker.pipeline import warm_up
    from worker.queue.producer import make_message
    from worker.stages.parse import parse
    from worker.stages.tag import get_tagger

    warm_up()
    tagger = get_tagger()
    tagger.tag_many([parse(make_message(n, "txt", d, len(d) + 1)) for n, d in make_corpus(BATCH, seed=99)])
    articles = [parse(make_message(n, "txt", d, len(d) + 1)) for n, d in make_corpus(count, seed=5)]
    if mode == "tag":
        for start in range(0, count, BATCH):
            tagger.tag_many(articles[start:start + BATCH])
    elif mode == "bare":
        tagger.zone.close()  # zones must not nest
        with tagger.nlp.memory_zone():
            for _ in tagger.nlp.pipe([a.body for a in articles], batch_size=BATCH_SIZE):
                pass


def counted(mode: str, count: int, directory: Path) -> int:
    """Instructions of one run of `child` under callgrind."""
    out = directory / f"{mode}.{count}.out"
    subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", sys.executable, __file__,
                    "--child", mode, "--articles", str(count)], check=True, capture_output=True)
    totals = next(line for line in out.read_text().splitlines() if line.startswith("totals:"))
    return int(totals.split()[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=48)
    parser.add_argument("--child", choices=["tag", "bare", "none"])
    args = parser.parse_args()
    if args.child:
        child(args.child, args.articles)
        return
    runs = [("tag", args.articles), ("bare", args.articles), ("none", args.articles)]
    with tempfile.TemporaryDirectory() as tmp, ThreadPoolExecutor(max_workers=2) as pool:
        tag, bare, none = pool.map(lambda run: counted(run[0], run[1], Path(tmp)), runs)
    per_tag, per_bare = (tag - none) / args.articles / 1e6, (bare - none) / args.articles / 1e6
    print(f"{args.articles} generated articles, instructions per article:")
    print(f"  bare nlp.pipe  {per_bare:8.1f} M")
    print(f"  tag_many       {per_tag:8.1f} M  ({per_tag / per_bare:.3f}x bare)")


if __name__ == "__main__":
    main()
