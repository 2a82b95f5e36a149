"""Tag stage on the seed: canonical names, folded surnames, corrected types."""


def _names(article, etype):
    return {e.name for e in article.entities if e.type == etype}


def test_people_are_full_names_without_the_author(seed_article):
    people = _names(seed_article, "PERSON")
    assert {"Karim Valiyev", "Luciano Portolano"} <= people
    assert "Akbar Novruz" not in people
    assert not people & {"Valiyev", "Portolano"}


def test_surname_mentions_fold_into_the_person(seed_article):
    valiyev = next(e for e in seed_article.entities if e.name == "Karim Valiyev")
    assert valiyev.mentions == 2
    assert [seed_article.body[m.start:m.end] for m in valiyev.spans] == ["Karim Valiyev", "Valiyev"]


def test_types_are_corrected(seed_article):
    assert "Azerbaijanis" in _names(seed_article, "NORP")
    assert "Azerbaijanis" not in _names(seed_article, "ORGANIZATION")
    assert "Alley of Martyrs" in _names(seed_article, "PLACE")
    assert "Azerbaijani Army" in _names(seed_article, "ORGANIZATION")


def test_names_are_canonical(seed_article):
    for entity in seed_article.entities:
        assert not entity.name.lower().startswith("the ")
        assert not set(entity.name) & set("\"“”‘’")
        for mention in entity.spans:
            assert seed_article.body[mention.start:mention.end] == mention.text
