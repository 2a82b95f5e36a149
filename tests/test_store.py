"""File store: atomic, idempotent, id-checked writes."""

import pytest

from worker.store.files import FileStore


def test_write_is_idempotent_and_leaves_no_temp_files(tmp_path, seed_article):
    store = FileStore(tmp_path)
    first = store.write_article(seed_article).read_bytes()
    second = store.write_article(seed_article).read_bytes()
    assert first == second
    assert [p.name for p in tmp_path.iterdir()] == [f"{seed_article.id}.json"]
    assert store.read_article(seed_article.id) == seed_article
    assert list(store.article_ids()) == [seed_article.id]


@pytest.mark.parametrize("bad", ["../../etc/passwd", "abc", "0123456789abcdeg", "a\x00b"])
def test_ids_that_could_escape_the_store_are_refused(tmp_path, bad):
    with pytest.raises(ValueError):
        FileStore(tmp_path).article_path(bad)
