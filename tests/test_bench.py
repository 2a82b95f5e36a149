"""`ingest bench` keeps working: small real runs (embedded Valkey, real workers; --peer against the peer)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT
from worker.bench.baseline import bodies
from worker.bench.corpus import make_corpus, read_corpus
from worker.commands.bench import percentile
from worker.queue.producer import make_message
from worker.stages.parse import parse


def test_corpus_articles_are_distinct_and_parse():
    corpus = make_corpus(120)
    assert len({data for _, data in corpus}) == len(corpus)
    ids = {parse(make_message(name, "txt", data, 2_000_000)).id for name, data in corpus}
    assert len(ids) == len(corpus)  # distinct ids, so every article is stored under its own name
    assert make_corpus(5) == make_corpus(5)  # reproducible across commits
    assert all(len(text.split()) > 100 for text in bodies(corpus[:8]))


def test_percentile_nearest_rank():
    values = [float(v) for v in range(1, 101)]
    assert (percentile(values, 50), percentile(values, 95), percentile(values, 99)) == (50.0, 95.0, 99.0)
    assert percentile([3.0], 99) == 3.0
    assert percentile([], 50) == 0.0


@pytest.mark.integration
def test_bench_smoke_run(tmp_path: Path):
    figures = tmp_path / "bench.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith("INGEST_")}  # embedded Valkey
    result = subprocess.run([sys.executable, "-m", "worker", "bench", "--articles", "20", "--workers", "1",
                             "--batch-size", "4", "--json", str(figures)],
                            env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    for label in ("articles/s end to end", "efficiency", "latency p99 s", "mean ms: tag",
                  "peak RSS, largest process MB", "producer enqueue articles/s", "worker ready s"):
        assert label in result.stdout
    report = json.loads(figures.read_text())
    run = report["medians"]["1"]
    assert (run["stored"], run["failed"]) == (20, 0)
    assert run["articles_per_s"] > 0 and run["spacy_articles_per_s"] > 0
    assert 0 < run["efficiency"] == pytest.approx(run["articles_per_s"] / run["spacy_articles_per_s"], rel=0.01)
    assert 0 < run["latency_p50_s"] <= run["latency_p95_s"] <= run["latency_p99_s"]
    assert all(run["stage_ms"][s] > 0 for s in ("parse", "tag", "enrich"))
    assert 50 < run["peak_rss_process_mb"] <= run["peak_rss_total_mb"]
    assert run["enqueue_per_s"] > 0 and 0 < run["worker_ready_s"] < 60
    assert run["redis_ops_per_article"] > 1  # at least the push and the pop of its task


def test_read_corpus_takes_txt_articles_once_each(tmp_path: Path):
    (tmp_path / "sub").mkdir()
    seeds = sorted((ROOT / "seeds").glob("*.txt"))[:2]
    (tmp_path / "a.txt").write_bytes(seeds[0].read_bytes())
    (tmp_path / "sub" / "b.txt").write_bytes(seeds[1].read_bytes())
    (tmp_path / "copy.txt").write_bytes(seeds[0].read_bytes())  # the same text would be stored once
    (tmp_path / "notes.md").write_text("not an article")
    names = [name for name, _ in read_corpus(tmp_path)]
    assert names == ["a.txt", "sub__b.txt"]


@pytest.mark.integration
def test_peer_bench_smoke_run(tmp_path: Path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for seed in sorted((ROOT / "seeds").glob("*.txt"))[:3]:
        (corpus / seed.name).write_bytes(seed.read_bytes())
    figures = tmp_path / "peer.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith("INGEST_")}
    result = subprocess.run([sys.executable, "-m", "worker", "bench", "--peer", "--corpus", str(corpus),
                             "--workers", "1", "--runs", "1", "--json", str(figures)],
                            env=env, cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "ours/peer" in result.stdout and "median of mean ms per article" in result.stdout
    report = json.loads(figures.read_text())
    pair = report["pairs"]["1"][0]
    assert (pair["peer"]["articles"], pair["peer"]["done"]) == (3, 3)  # one entities file per article
    assert (pair["ours"]["done"], pair["ours"]["failed"]) == (3, 0)
    assert pair["peer"]["seconds"] > 0 and pair["ours"]["seconds"] > 0
    median = report["medians"][0]
    assert median["processes"] == 1 and median["ratio"] == pytest.approx(pair["ratio"], rel=0.01)
    assert all(median["ours_stage_ms"][s] > 0 for s in ("parse", "tag", "enrich"))
