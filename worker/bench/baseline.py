"""The bare spaCy pipeline's throughput: the worker's model and components, `nlp.pipe`, P processes."""

import multiprocessing as mp
import time
from multiprocessing.connection import Connection
from multiprocessing.synchronize import Barrier

from worker.queue.producer import make_message

BATCH_SIZE = 16  # the same nlp.pipe batch size Tagger.tag_many uses


def bodies(corpus: list[tuple[str, bytes]]) -> list[str]:
    """The texts the tag stage feeds to spaCy: the parsed bodies of the corpus's articles."""
    from worker.stages.parse import parse

    return [parse(make_message(name, "txt", data, len(data) + 1)).body for name, data in corpus]


def _child(corpus: list[tuple[str, bytes]], barrier: Barrier, out: Connection) -> None:
    from worker.stages.tag import get_tagger

    texts = bodies(corpus)
    tagger = get_tagger()
    tagger.zone.close()  # a zone the tagger held open in the forked parent: zones must not nest
    nlp = tagger.nlp  # the model plus the entity ruler: exactly what the workers run
    with nlp.memory_zone():
        list(nlp.pipe(texts[:4]))  # warm caches, so the timing compares steady states
    barrier.wait()
    started = time.perf_counter()
    with nlp.memory_zone():
        for _ in nlp.pipe(texts, batch_size=BATCH_SIZE):
            pass
    out.send((started, time.perf_counter()))


def spacy_rate(corpus: list[tuple[str, bytes]], processes: int) -> float:
    """Articles/s of bare `nlp.pipe` over the corpus split across `processes` processes."""
    ctx = mp.get_context("fork")
    barrier = ctx.Barrier(processes)
    pipes, procs = [], []
    for index in range(processes):
        receive, send = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_child, args=(corpus[index::processes], barrier, send), daemon=True)
        proc.start()
        pipes.append(receive)
        procs.append(proc)
    spans = [pipe.recv() for pipe in pipes]
    for proc in procs:
        proc.join()
    # Wall time from the first process starting to the last finishing, as for the workers.
    return len(corpus) / (max(end for _, end in spans) - min(start for start, _ in spans))
