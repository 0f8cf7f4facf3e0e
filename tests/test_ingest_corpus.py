"""A corpus, not an article: streaming, parallel workers, batches, resuming, the summary.

Corpus articles are copies of the example articles, each with a sentence of its own so its
content (and so its graph) differs.
"""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import graph.read as read
from graph.cli import main
from graph.pipeline import ingest
from graph.read import estimate_count, iter_articles
from graph.records import Article
from graph.store import open_store


def make_corpus(samples_dir: Path, target: Path, copies: int) -> list[Path]:
    """``copies`` rounds of the example articles, as text files with distinct contents."""
    target.mkdir(parents=True, exist_ok=True)
    originals = sorted(p for p in samples_dir.iterdir() if p.suffix == ".txt")
    out = []
    for i in range(copies):
        for p in originals:
            text = p.read_text(encoding="utf-8").rstrip("\n")
            # a URL of its own (the footer's), so each copy is its own graph
            text = re.sub(r"<(https://[^>]+)>", rf"<\1-copy-{i}>", text)
            body, footer = text.rsplit("Original url:", 1)
            text = (
                f"{body.rstrip()}\n\nThis is copy number {i} of the story.\n\nOriginal url:{footer}"
            )
            f = target / f"{i:03d}-{p.name}"
            f.write_text(text + "\n", encoding="utf-8")
            out.append(f)
    return out


def dump(store_dir: Path) -> list[str]:
    with open_store(str(store_dir), read_only=True) as s:
        import io

        buf = io.BytesIO()
        s.dump(buf, "nquads")
    return sorted(buf.getvalue().decode("utf-8").splitlines())


def test_unchanged_articles_are_skipped_and_force_redoes_them(
    extractor: object, samples_dir: Path, tmp_path: Path
) -> None:
    store = open_store("memory")
    arts = [a for a in iter_articles([str(samples_dir)]) if isinstance(a, Article)]
    first = ingest(store, arts, extractor=extractor, batch=3)  # type: ignore[arg-type]
    assert len(first.ingested) == len(arts) and not first.skipped
    quads = store.quad_count()
    again = ingest(store, arts, extractor=extractor)  # type: ignore[arg-type]
    assert not again.ingested and len(again.skipped) == len(arts) and again.words == 0
    forced = ingest(store, arts, extractor=extractor, force=True)  # type: ignore[arg-type]
    assert len(forced.ingested) == len(arts) and store.quad_count() == quads
    # a changed article is redone, the others skipped
    changed = [Article(text=arts[0].text + " One more sentence.", title=arts[0].title), *arts[1:]]
    mixed = ingest(store, changed, extractor=extractor)  # type: ignore[arg-type]
    assert len(mixed.ingested) == 1 and len(mixed.skipped) == len(arts) - 1


def test_workers_give_the_same_store_as_one_process(samples_dir: Path, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    make_corpus(samples_dir, corpus, 2)
    for workers in (1, 2):
        code = main(
            ["--store", str(tmp_path / f"kg{workers}"), "ingest", "-q", "--batch", "3",
             "--workers", str(workers), str(corpus)]
        )  # fmt: skip
        assert code == 0
    one, two = dump(tmp_path / "kg1"), dump(tmp_path / "kg2")
    assert one == two and len(one) > 1000


def test_a_killed_run_resumes_without_duplicates(samples_dir: Path, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    files = make_corpus(samples_dir, corpus, 10)
    store = tmp_path / "kg"
    kg = Path(sys.executable).parent / "kg"
    cmd = [str(kg), "--store", str(store), "ingest", "-q", "--workers", "1", "--batch", "2"]
    proc = subprocess.Popen([*cmd, str(corpus)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    # kill it once a few batches are written: RocksDB's write-ahead log has grown
    deadline = time.monotonic() + 300
    while proc.poll() is None and time.monotonic() < deadline:
        wal = sum(p.stat().st_size for p in store.glob("*.log")) if store.is_dir() else 0
        if wal > 1_500_000:
            break
        time.sleep(0.05)
    killed = proc.poll() is None
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)
    with open_store(str(store), read_only=True) as s:
        done_before = len(s.graphs())
    assert done_before <= len(files)
    if killed:  # stopped mid-corpus, with whole batches written
        assert 0 < done_before < len(files) and done_before % 2 == 0
    rerun = subprocess.run([*cmd, str(corpus)], capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{done_before} unchanged (skipped)" in rerun.stdout
    with open_store(str(store), read_only=True) as s:
        assert len(s.graphs()) == len(files)
    # the same store as one uninterrupted run
    clean = tmp_path / "clean"
    assert (
        subprocess.run(
            [str(kg), "--store", str(clean), "ingest", "-q", "--workers", "1", str(corpus)],
            capture_output=True,
            timeout=600,
        ).returncode
        == 0
    )
    assert dump(store) == dump(clean)
    if not killed:
        pytest.skip("the first run finished before it could be killed (a fast machine)")


def test_failures_are_summarised_at_the_end(
    samples_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = tmp_path / "corpus"
    make_corpus(samples_dir, corpus, 1)
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 4)
    code = main(["--store", str(tmp_path / "kg"), "ingest", "-q", str(corpus)])
    captured = capsys.readouterr()
    assert code == 1
    assert "ingested 4 article(s)" in captured.out and "2 input(s) failed" in captured.out
    summary = captured.err.split("2 input(s) failed:")[1]
    assert "empty.txt" in summary and "binary.txt" in summary and "Traceback" not in captured.err


def test_big_json_lines_files_are_streamed(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, extractor: object
) -> None:
    monkeypatch.setattr(read, "STREAM_JSONL_BYTES", 10)  # stream even this small file
    corpus = tmp_path / "corpus.jsonl"
    records = [
        json.dumps({"title": f"T{i}", "text": f"Ann Lee met Bo Chen in Vienna, round {i}."})
        for i in range(3)
    ]
    corpus.write_bytes(("\n".join(records[:2]) + "\n{broken\n\n" + records[2] + "\n").encode())
    items = list(iter_articles([str(corpus)]))
    kinds = [type(i).__name__ for i in items]
    assert kinds == ["Article", "Article", "InputError", "Article"]
    assert str(items[2]).startswith(f"{corpus}:3: invalid JSON")
    assert estimate_count([str(corpus)]) == 5  # lines: an estimate for the progress bar
    store = open_store("memory")
    report = ingest(store, iter(items), extractor=extractor)  # type: ignore[arg-type]
    assert len(report.ingested) == 3 and len(report.failed) == 1


def test_estimate_count_of_a_folder(samples_dir: Path) -> None:
    n = estimate_count([str(samples_dir)])
    assert n == sum(1 for p in samples_dir.iterdir() if p.suffix == ".txt")
    assert estimate_count(["-"]) is None
