"""The tagger's memory zone: held open across batches, so shared words are built once, and closed
after its share of articles, so a worker's vocabulary stays bounded. Real model, real articles."""

from worker.queue.producer import make_message
from worker.stages.parse import parse
from worker.stages.tag import Tagger, get_tagger
from worker.stages.tag.zone import Zone


def _parsed(text: str):
    data = text.encode()
    return parse(make_message("zone.txt", "txt", data, len(data) + 1))


FIRST = ("Zone test\n\nThe Vrendolash cooperative said on Monday that Quillabrant exports rose after "
         "talks in Baku with officials of the ministry.\n")
SECOND = ("Zone test again\n\nOfficials said the Vrendolash cooperative would open an office in Tbilisi "
          "next year, the ministry said.\n")


def test_a_word_built_in_one_batch_is_still_there_in_the_next() -> None:
    base = get_tagger()
    tagger = Tagger(base.nlp, base.gazetteer, base.regions)
    tagger.zone.close()
    base.zone.close()  # the shared model must have no other zone open: zones do not nest
    tagger.zone = Zone(tagger.nlp, articles=3)
    vocab = tagger.nlp.vocab
    assert "Vrendolash" not in vocab.strings
    tagger.tag_many([_parsed(FIRST)])
    assert tagger.zone.is_open and "Vrendolash" in vocab.strings  # kept for the next batch
    lexemes = len(vocab)
    tagger.tag_many([_parsed(SECOND)])
    assert tagger.zone.is_open
    assert len(vocab) - lexemes < 10  # the second text's shared words were not built again
    tagger.tag_many([_parsed(FIRST)])  # the third article: the zone has held its share
    assert not tagger.zone.is_open
    assert "Vrendolash" not in vocab.strings and "Quillabrant" not in vocab.strings


def test_tagging_in_a_held_zone_gives_the_same_entities_as_a_fresh_zone() -> None:
    base = get_tagger()
    base.zone.close()
    fresh = [(e.name, e.type) for e in base.tag_many([_parsed(SECOND)])[0].entities]
    base.tag_many([_parsed(FIRST)])  # the zone is now open, holding this text's words
    held = [(e.name, e.type) for e in base.tag_many([_parsed(SECOND)])[0].entities]
    assert held == fresh and ("Tbilisi", "PLACE") in held
