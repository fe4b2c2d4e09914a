"""The learned line classifier and how the segmenter uses it.

Pages here are invented. The model file ships with the package; the tests that
need it skip with a clear message when it is absent (the rules then work alone,
which the last tests check).
"""

from __future__ import annotations

import numpy as np
import pytest

from newsfold.clean import CleanOptions, clean, lineclass
from newsfold.clean import knowledge as kb
from newsfold.clean.lines import classify, line_features, word_count
from newsfold.clean.segment import find_body
from newsfold.records import Article, RawDoc

PROSE = [
    "The city council voted on Tuesday to expand the bus network to three new districts, officials said.",
    "The plan adds forty buses and two depots, and it will be paid for by a regional transport levy.",
    "Opponents argued that the levy would fall hardest on small shops in the old town centre.",
    "Supporters said the new routes would cut commuting times by a quarter for most residents.",
    "The first routes are expected to open next spring, according to the transport department.",
    "A public consultation on the timetable will run until the end of the year, the council said.",
]
MORE_PROSE = [
    "Council members spent most of the four-hour meeting on the cost of the new depots.",
    "One member said the transport levy should be reviewed every two years, and the council agreed.",
    "The regional authority will pay for half of the buses, the rest coming from the city's budget.",
    "Drivers' unions welcomed the plan but asked for talks on shift patterns before the routes open.",
    "Residents of the three districts have waited more than a decade for a direct link to the centre.",
]
MENU = ["Home", "News", "Sport", "Business", "Culture", "Weather", "Contact us", "Sign in"]
TEASERS = [
    "Mayor opens new library in the north district",
    "Storm warning issued for the coast this weekend",
    "Local team wins the regional cup after extra time",
    "Rail strike called off after late-night talks",
]


def page(*blocks: list[str]) -> str:
    return "\n".join(line for block in blocks for line in block) + "\n"


@pytest.fixture(scope="module")
def model():
    loaded = lineclass.load_model()
    if loaded is None:
        pytest.skip(f"no line model at {lineclass.MODEL_PATH}: rebuild it with eval/extraction_train.py")
    return loaded[0]


def test_features_have_one_finite_row_per_line():
    lines = line_features(page(["Bus network to grow | The Courier"], MENU, PROSE, ["Related stories"], TEASERS))
    X = lineclass.features(lines)
    assert X.shape == (len(lines), len(lineclass.FEATURES))
    assert np.isfinite(X).all()
    assert lineclass.features([]).shape == (0, len(lineclass.FEATURES))


def test_tree_ensemble_follows_its_splits():
    # One stump: feature 1 <= 0.5 -> leaf -1.0, else leaf +2.0; baseline 0.5.
    ens = lineclass.TreeEnsemble(
        feature=np.array([1, 0, 0]), threshold=np.array([0.5, np.inf, np.inf]),
        left=np.array([1, 1, 2]), right=np.array([2, 1, 2]), value=np.array([0.0, -1.0, 2.0]),
        roots=np.array([0]), depth=1, baseline=0.5)
    raw = ens.raw(np.array([[9.0, 0.2], [9.0, 0.9]]))
    assert raw.tolist() == [-0.5, 2.5]
    assert ens.proba(np.zeros((0, 2))).shape == (0,)


def test_model_prefers_prose_to_menus_and_teasers(model):
    lines = line_features(page(["Bus network to grow | The Courier"], MENU, PROSE, ["Related stories"], TEASERS))
    probs = lineclass.body_probabilities(lines)
    prose = [p for ln, p in zip(lines, probs) if ln.text in PROSE]
    furniture = [p for ln, p in zip(lines, probs) if ln.text in MENU or ln.text in TEASERS]
    assert min(prose) > 0.6 > max(furniture)


def test_learned_body_is_the_article_between_menu_and_teasers(model):
    out = clean(RawDoc(page(["Bus network to grow | The Courier"], MENU, PROSE, ["Related stories"], TEASERS), "x"))
    assert isinstance(out, Article)
    assert [p.text for p in out.paragraphs] == PROSE


def test_a_read_more_button_inside_the_text_does_not_end_it(model):
    # Prose resumes straight after the marker: the marker sits inside the article.
    text = page(["Bus network to grow"], PROSE, ["Read more"], MORE_PROSE, ["Related stories"], TEASERS)
    out = clean(RawDoc(text, "x"))
    assert [p.text for p in out.paragraphs] == PROSE + MORE_PROSE


def test_a_related_box_between_paragraphs_is_removed_and_the_article_goes_on(model):
    text = page(["Bus network to grow"], PROSE, ["Related"], TEASERS[:2], MORE_PROSE)
    out = clean(RawDoc(text, "x"))
    assert [p.text for p in out.paragraphs] == PROSE + MORE_PROSE
    assert {r.text for r in out.removed if r.reason == "teaser"} == set(TEASERS[:2])


def test_comments_after_the_article_are_not_body(model):
    comments = ["12 Comments", "jdoe says:", "November 19, 2019 at 6:34 am",
                "This is the best news I have read all week, finally some sense.", "Reply",
                "mary_k says:", "November 19, 2019 at 7:02 am",
                "Buses never come on time anyway, so I doubt it will change a thing.", "Reply"]
    out = clean(RawDoc(page(["Bus network to grow"], PROSE, comments), "x"))
    assert [p.text for p in out.paragraphs] == PROSE


def test_without_the_model_the_rules_still_find_the_body(monkeypatch):
    monkeypatch.setattr(lineclass, "load_model", lambda path=None: None)
    out = clean(RawDoc(page(["Bus network to grow | The Courier"], MENU, PROSE, ["Related stories"], TEASERS), "x"))
    assert [p.text for p in out.paragraphs] == PROSE
    rules_only = clean(RawDoc(page(MENU, PROSE), "x"), CleanOptions(line_model=False))
    assert [p.text for p in rules_only.paragraphs] == PROSE


def test_a_model_made_for_other_features_is_ignored(tmp_path):
    import json

    path = tmp_path / "old.npz"
    np.savez(path, settings=np.array(json.dumps({"features": ["something", "else"]})), feature=np.zeros(1),
             threshold=np.zeros(1), left=np.zeros(1), right=np.zeros(1), value=np.zeros(1), roots=np.zeros(1),
             depth=np.array(0), baseline=np.array(0.0))
    assert lineclass.load_model(str(path)) is None


def test_find_body_without_probabilities_is_the_rule_segmenter():
    lines = line_features(page(MENU, PROSE))
    seg = find_body(lines)
    assert [lines[i].text for i in range(seg.body[0], seg.body[1] + 1)] == PROSE


@pytest.mark.parametrize("text", [
    "In this Dec. 12, 2006, file photo, made available by NASA, astronaut Robert Curbeam works outside.",
    "This undated photo provided by the police shows the suspect's car.",
    "1 of 4 Shoppers look at extension cords at a hardware store on Tuesday.",
    "Image 3 of 9",
])
def test_wire_photo_captions_and_gallery_counters(text):
    assert classify(text, word_count(text)) == "caption"


@pytest.mark.parametrize("text", [
    "In this case the court ruled that the contract was void.",
    "2 of 3 voters said they would back the measure.",
    "This photo exhibition opens in May and runs until September, the museum said.",
])
def test_sentences_that_look_like_captions_are_left_alone(text):
    assert classify(text, word_count(text)) != "caption"


@pytest.mark.parametrize("text", ["12 Comments", "10 thoughts on “Bus network”", "About the author",
                                  "Sobre Carlos Nadalim", "Leia também", "関連記事", "More Washington Examiner"])
def test_end_markers_of_comments_bios_and_other_languages(text):
    assert kb.END_MARKER_RE.match(text)


@pytest.mark.parametrize("text", ["More rain is expected", "Sobre o projeto", "Comments were closed"])
def test_end_markers_leave_ordinary_lines_alone(text):
    assert not kb.END_MARKER_RE.match(text)
