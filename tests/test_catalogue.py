"""Every UI string is in the catalogues: Dutch is the source, English is complete, and the user's choice holds."""
import io
import re
from pathlib import Path

import pytest
from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from webapp.audit.labels import ACTIONS
from webapp.extensions import db

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "webapp" / "translations"
PLACEHOLDER = re.compile(r"%\(\w+\)s")


def catalogue(lang: str):
    with open(TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po", "rb") as po:
        return read_po(po, locale=lang)


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> set[str]:
    """What pybabel finds in the code and templates today (babel.cfg, the keywords of scripts/i18n.sh)."""
    pot = tmp_path_factory.mktemp("i18n") / "messages.pot"
    CommandLineInterface().run(["pybabel", "-q", "extract", "-F", str(ROOT / "babel.cfg"), "-k", "_l", "-k", "lazy_gettext",
                                "--no-location", "-o", str(pot), str(ROOT)])
    with open(pot, "rb") as f:
        return {m.id for m in read_po(f) if m.id}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_ui_string_is_in_the_catalogue(extracted, lang):
    known = {m.id for m in catalogue(lang) if m.id}
    assert not extracted - known, f"run scripts/i18n.sh and translate: {sorted(extracted - known)[:20]}"
    assert not known - extracted, f"run scripts/i18n.sh to drop: {sorted(known - extracted)[:20]}"


def test_english_is_complete_and_keeps_every_placeholder():
    forms = lambda text: text if isinstance(text, tuple) else (text,)  # a plural entry has one per form
    untranslated = [m.id for m in catalogue("en") if m.id and (not all(forms(m.string)) or m.fuzzy)]
    assert not untranslated, f"untranslated or fuzzy in en: {untranslated[:20]}"
    for m in catalogue("en"):
        for source, translation in zip(forms(m.id), forms(m.string)) if m.id else ():
            assert sorted(PLACEHOLDER.findall(source)) == sorted(PLACEHOLDER.findall(translation)), m.id


def test_dutch_is_the_source():
    assert all(m.string in ("", ("", ""), m.id) for m in catalogue("nl") if m.id and not m.fuzzy)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_committed_mo_is_compiled_from_the_po(lang):
    compiled = io.BytesIO()
    write_mo(compiled, catalogue(lang))
    assert (TRANSLATIONS / lang / "LC_MESSAGES" / "messages.mo").read_bytes() == compiled.getvalue(), \
        "run scripts/i18n.sh: the .mo is stale"


def test_every_recorded_action_has_words():
    source = "\n".join(p.read_text() for p in (ROOT / "webapp").rglob("*.py"))
    codes = set(re.findall(r'record\(\s*"(\w+)"', source)) | set(re.findall(r'else "(\w+)", \w+', source))
    assert codes and codes <= set(ACTIONS), sorted(codes - set(ACTIONS))


def test_a_staff_member_switches_to_english_and_back(client, auth):
    staff = auth.login("assistant")
    page = client.get("/ronde/").get_data(as_text=True)
    assert '<html lang="nl">' in page and "Er is vandaag nog geen ronde." in page and "Taal / Language" in page
    response = client.post("/taal", data={"language": "en", "next": "/ronde/"})
    assert response.status_code == 302 and response.headers["Location"] == "/ronde/"
    db.session.refresh(staff)
    assert staff.language == "en"
    page = client.get("/ronde/").get_data(as_text=True)
    assert '<html lang="en">' in page and "There is no round yet today." in page and ">Round</a>" in page
    assert "Er is vandaag nog geen ronde." not in page
    client.post("/taal", data={"language": "nl"})
    assert "Er is vandaag nog geen ronde." in client.get("/ronde/").get_data(as_text=True)


@pytest.mark.parametrize("language", ["fr", "", "EN"])
def test_only_a_known_language_can_be_chosen(client, auth, language):
    staff = auth.login("supervisor")
    assert client.post("/taal", data={"language": language}).status_code == 422
    db.session.refresh(staff)
    assert staff.language == "nl"


def test_another_sites_path_is_not_followed_after_switching(client, auth):
    auth.login("supervisor")
    response = client.post("/taal", data={"language": "en", "next": "//evil.example/"})
    assert response.headers["Location"] == "/"


def test_the_language_is_the_users_own(client, auth, app):
    auth.login("supervisor", language="en")
    assert "Work floor" in client.get("/werkvloer/").get_data(as_text=True)
    client.post("/uitloggen")
    page = client.get("/inloggen").get_data(as_text=True)  # nobody logged in: Dutch
    assert '<html lang="nl">' in page and "Inloggen" in page


def test_templates_follow_a_language_switched_within_a_request(app):
    """Templates look the catalogue up once per language (webapp/i18n.py), and still follow `force_locale` (the
    access log and a round's stored reasons are written in Dutch inside an English request) and its end."""
    from flask_babel import force_locale

    words = app.jinja_env.from_string("{{ _('Annuleren') }} · {{ _('%(n)s gekozen voor %(seats)s plaatsen', n=9, seats=8) }}")
    with app.test_request_context():
        assert words.render() == "Annuleren · 9 gekozen voor 8 plaatsen"
        with force_locale("en"):
            assert words.render() == "Cancel · 9 chosen for 8 seats"
        assert words.render() == "Annuleren · 9 gekozen voor 8 plaatsen"
        with force_locale("en"):
            assert words.render() == "Cancel · 9 chosen for 8 seats"


def test_the_rule_modules_follow_the_language_of_the_request(app):
    """translatable.py's `_` and `ngettext` (the rule modules' words) use the request's one catalogue too, follow
    `force_locale`, and outside an app context give the Dutch source."""
    from flask_babel import force_locale

    from webapp import translatable

    def words():
        return (translatable._("Annuleren"), translatable.ngettext("%(num)s item gestegen", "%(num)s items gestegen", 2))

    assert words() == ("Annuleren", "2 items gestegen")
    with app.test_request_context():
        assert words() == ("Annuleren", "2 items gestegen")
        with force_locale("en"):
            assert words() == ("Cancel", "2 items rose")
        assert words() == ("Annuleren", "2 items gestegen")
