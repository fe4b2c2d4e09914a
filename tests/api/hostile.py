"""A store full of hostile text, and a strict check that a rendered page holds none of it as markup.

Eight invented articles, one per kind of XSS payload; each payload sits in the article's
title, outlet, body and in a quoted statement, and is given to the speaker of that
statement. The articles go through the real ingest (cleaning, quote extraction); stories
and storylines are assigned by hand, one story per article and one storyline for all, so
every page shows every payload whatever the clustering would decide.

Speaker names are the one field set directly in the store: the attribution model only
emits names it recognises as people, but whatever it emits is still untrusted text taken
from the article, and the pages must treat it so. Ingest errors carry payloads in the
names of the files that failed.

``inert(html)`` parses a page and fails on any element or attribute the templates
themselves cannot produce, any URL that leaves the site or runs code, any second <title>;
``texts(html)`` gives the text runs, so a test can check a payload is *shown*, as text.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import newsfold
from newsfold.store.sqlite import slug

# Each would set window.__xss or the document title if it ever became markup.
PAYLOADS = {
    "script": "<script>window.__xss='script'</script>",
    "img": "<img src=x onerror=window.__xss='img'>",
    "js-url": "javascript:window.__xss='js'",
    "double-quote": '" onmouseover="window.__xss=1" data-x="',
    "single-quote": "' autofocus onfocus='window.__xss=2' data-x='",
    "title-breakout": "</title><script>document.title='pwned'</script>",
    "svg": "<svg onload=window.__xss='svg'><script>window.__xss='svg2'</script></svg>",
    "template": "{{ 7*7 }} ${7*7} {% raw %}",
}
TOPICS = ["harbour toll", "library closure", "tram strike", "flood barrier", "school meals", "bridge repair",
          "park fire", "water price"]
# File names cannot hold "/", so no closing tags here; opening ones are enough to hurt.
ERROR_FILES = ["<img src=x onerror=window.__xss='err'>.txt", "<svg onload=window.__xss='err2'>.txt",
               '" autofocus onfocus="window.__xss=3.txt', "<script>window.__xss='err4'.txt"]
STORYLINE = "l-hostile"


def kinds() -> list[str]:
    return list(PAYLOADS)


def title(kind: str) -> str:
    return f"{_topic(kind).capitalize()} {PAYLOADS[kind]} divides Port Vell"


def outlet(kind: str) -> str:
    return f"Gazette {PAYLOADS[kind]}"


def body_line(kind: str) -> str:
    return f"Residents of Port Vell argued on Tuesday about the {_topic(kind)} {PAYLOADS[kind]}, officials said."


def quote_text(kind: str) -> str:
    """The statement as the extractor gives it (a straight double quote inside ends a quote)."""
    return f"The {_topic(kind)} {PAYLOADS[kind]} will change the town,"


def speaker(kind: str) -> str:
    return f"Marta {PAYLOADS[kind]}"


def speaker_id(kind: str) -> str:
    return slug(speaker(kind))


def story_id(kind: str) -> str:
    return f"s-hostile-{kind}"


def quote_survives_extraction(kind: str) -> bool:
    return '"' not in PAYLOADS[kind]


def _topic(kind: str) -> str:
    return TOPICS[kinds().index(kind)]


def build_hostile_store(db: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    corpus = folder / "hostile.jsonl"
    rows = [
        {"title": title(k), "outlet": outlet(k), "published": f"2022-06-{n + 1:02d}",
         "url": f"{PAYLOADS['js-url']}//{k}",
         "text": f"{title(k)}\n\n{body_line(k)}\n\n"
                 f"\u201c{quote_text(k)}\u201d said councillor Marta Keefe at the meeting.\n\n"
                 "The council will vote on the plan in July.\n"}
        for n, k in enumerate(kinds())
    ]
    corpus.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    errors = folder / "errs"
    errors.mkdir(exist_ok=True)
    for name in ERROR_FILES:
        (errors / name).write_bytes(b"\x00\x01\x02 not text")
    with newsfold.open_store(db) as store:
        newsfold.ingest([str(corpus)], store, newsfold.IngestOptions(do_fold=False))
        newsfold.ingest([str(errors)], store, newsfold.IngestOptions(do_fold=False))
        arts = {r["title"]: r for r in store.db.execute("SELECT id, title, published, seq FROM articles")}
        with store.transaction():
            store.save_storyline(STORYLINE, title(kinds()[0]), {})
            for n, k in enumerate(kinds()):
                a = arts[title(k)]
                store.save_story(story_id(k), a["title"], a["seq"], a["published"], a["published"], {})
                store.add_member(a["id"], story_id(k), 1.0, {"new_story": True, "similarity": 1.0})
                store.add_storyline_member(story_id(k), STORYLINE, 1.0 if n == 0 else 0.4, [] if n == 0 else ["port"])
                store.db.execute(
                    "UPDATE quotes SET speaker = ?, speaker_mention = ?, speaker_id = ? "
                    "WHERE article_id = ? AND speaker = 'Marta Keefe'",
                    (speaker(k), speaker(k), speaker_id(k), a["id"]),
                )
                store.db.execute("INSERT OR IGNORE INTO speakers VALUES (?, ?, ?)",
                                 (speaker_id(k), speaker(k), PAYLOADS[k]))
    return db


# -- checking pages ---------------------------------------------------------------------

TEMPLATES = Path(newsfold.__file__).parent / "api" / "templates"
URL_ATTRS = {"href", "src", "action", "xlink:href", "formaction", "poster", "data", "srcset", "background"}


def _template_vocabulary() -> tuple[set[str], set[str]]:
    """Every tag and attribute name the templates write (plus <mark>, made by the highlighter)."""
    source = "\n".join(p.read_text(encoding="utf-8") for p in TEMPLATES.glob("*.html"))
    source = re.sub(r"{[{%#].*?[}%#]}", " ", source, flags=re.DOTALL)  # template code is not markup
    tags = {t.lower() for t in re.findall(r"<([a-zA-Z][\w-]*)", source)} | {"mark"}
    attrs = {a.lower() for a in re.findall(r"\s([a-zA-Z][\w:-]*)=", source)}
    return tags, attrs


TAGS, ATTRS = _template_vocabulary()


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None], bool]] = []  # (tag, attrs, inside <svg>)
        self.texts: list[str] = []
        self.head_titles: list[str] = []
        self._svg = 0
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs), self._svg > 0))
        if tag == "svg":
            self._svg += 1
        if tag == "title" and not self._svg:
            self._in_title = True
            self.head_titles.append("")

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, dict(attrs), self._svg > 0))

    def handle_endtag(self, tag):
        if tag == "svg" and self._svg:
            self._svg -= 1
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        self.texts.append(data)
        if self._in_title:
            self.head_titles[-1] += data


def parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    page.close()
    return page


def inert(html: str, where: str = "") -> _Page:
    """Fail unless the page holds only the templates' own markup; returns the parsed page."""
    page = parse(html)
    assert "<script" not in html.lower(), f"{where}: a <script> tag"
    for tag, attrs, _ in page.elements:
        assert tag in TAGS, f"{where}: <{tag}> is not markup the templates write"
        for name, value in attrs.items():
            assert name in ATTRS, f"{where}: attribute {name}={value!r} on <{tag}> is not one the templates write"
            if name in URL_ATTRS:
                assert value and value.startswith(("/", "?", "#")) and not value.startswith("//"), \
                    f"{where}: <{tag} {name}={value!r}> leaves the site"
        if tag == "svg":
            assert "timeline-svg" in (attrs.get("class") or ""), f"{where}: an <svg> that is not our timeline"
    assert len(page.head_titles) == 1, f"{where}: {len(page.head_titles)} document titles"
    return page


def shown(page: _Page, text: str) -> bool:
    """True if ``text`` is in one text run of the page (shown as text, not split by markup)."""
    return any(text in run for run in page.texts)
