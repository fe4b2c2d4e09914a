"""The signals the learned story scorer reads: names, figures, title and lead cues."""

import json
from dataclasses import replace

from helpers import QUAKE_A

from newsfold.clean import clean
from newsfold.fold.features import features
from newsfold.fold.signals import (
    EMBEDDING_SIGNALS,
    SIGNALS,
    cues,
    names,
    numbers,
    raw_terms,
)
from newsfold.fold.stories import (
    FoldOptions,
    StoryIndex,
    StoryState,
    assign,
    candidates,
)
from newsfold.records import RawDoc


def art(text, name="x", title=None):
    a = clean(RawDoc(text, name))
    return replace(a, id=name * 4, title=title or a.title)


def test_names_are_capitals_inside_sentences_not_sentence_starts():
    found = names("Officials in Valparaiso said NATO would help. Rescuers dug on.\nThe mayor, Carla Vidal, wept.")
    assert {"valparaiso", "nato", "carla", "vidal"} <= found
    assert "offici" not in found and "rescuer" not in found and "the" not in found


def test_numbers_keep_amounts_and_drop_years_and_small_counts():
    found = numbers("Claims rose to 473,000 in 2021, up 2.5 percent; $3.1 billion was spent on 12 projects "
                    "by 1,200 workers.")
    assert found == {"473000", "2.5%", "3.1bn", "1200"}


def test_cues_split_title_and_lead_from_the_body():
    a = art(QUAKE_A, name="a", title="Earthquake shakes Valparaiso")
    c = cues(a)
    assert set(c.title) == set(raw_terms("Earthquake shakes Valparaiso")) and "valparaiso" in c.title
    assert c.lead and set(c.lead) <= set(features(a).terms)


def test_candidates_carry_every_signal_and_explanations_name_them():
    index = StoryIndex()
    first = art(QUAKE_A, name="a")
    assign(first, features(first), [], index, 1)
    second = art(QUAKE_A.replace("rubble", "debris"), name="b")
    found = candidates(second, features(second), cues(second), [], index, FoldOptions(all_signals=True))
    assert len(found) == 1 and set(found[0].signals) == set(SIGNALS) - EMBEDDING_SIGNALS  # no vectors here
    assert found[0].signals["cosine"] > 0.8 and found[0].signals["cosine_margin"] == 0.0
    d = assign(second, features(second), [], index, 2)
    assert not d.new and d.signals["probability"] >= 0.5 and "names" in d.signals


def test_a_story_saved_and_restored_keeps_what_it_is_compared_on():
    index = StoryIndex()
    a = art(QUAKE_A, name="a", title="Earthquake shakes Valparaiso")
    assign(a, features(a), [], index, 1)
    story = next(iter(index.stories.values()))
    row = {"id": story.id, "title": story.title, "seed_seq": 1, "first_published": None, "last_published": None}
    back = StoryState.restore(row, json.loads(json.dumps(story.to_json())), [])
    assert (back.titles, back.lead, back.names, back.numbers, back.years, back.terms, back.size) == \
           (story.titles, story.lead, story.names, story.numbers, story.years, story.terms, story.size)
    assert (back.days, back.lead_days, back.weekdays) == (story.days, story.lead_days, story.weekdays)
    # A state saved before these cues existed restores with none (and still folds).
    old = StoryState.restore(row, {"terms": story.terms, "size": 1, "seq": 1}, [])
    assert old.titles == [] and old.names == {}


def test_a_figure_too_long_for_a_float_is_no_figure_and_no_crash():
    from newsfold.fold.signals import figure_buckets, mismatched, numbers

    figures = numbers("The deficit reached " + "9" * 400 + " dollars, or " + "8" * 500 + ".5 percent, up from 473,000.")
    buckets = figure_buckets(figures)
    assert set(buckets) == {("", 18)}  # only 473,000 has a magnitude
    assert mismatched(figures, {"473000"}, buckets) == 0  # the overlong ones are passed over
    assert mismatched({"498000"}, figures, buckets) == 1  # ordinary figures still compare


def test_measures_pair_a_figure_with_what_it_counts_within_its_sentence():
    from newsfold.fold.signals import measures

    found = measures("Initial jobless claims fell 12,000 to 473,000 last week, the Labor Department said. "
                     "The death toll rose to 35 people on March 12. Turnout was 61% in 2010.")
    assert {"claim:=473000", "claim:=12000", "toll:=35", "peopl:=35", "turnout:%=61"} <= found
    assert not any(m.endswith("=12") for m in found)  # March 12 is a date, not a count
    assert not any(m.endswith("=2010") for m in found)  # a year
    assert not any(m.startswith("turnout:=35") for m in found)  # the next sentence's word measures nothing here
    quake = measures("Thursday's 6.1-magnitude quake was followed by a 2020-21 rebuilding plan.")
    assert "magnitud:=6.1" in quake  # a figure joined to its word by a hyphen
    assert not any(m.startswith("thursday") for m in quake)  # "Thursday's" names a day
    assert not any("=2020" in m or "=21" in m for m in quake)  # a span of years


def test_two_weeks_of_jobless_claims_differ_on_the_same_measure_and_one_week_agrees():
    from newsfold.fold.signals import measure_evidence, measure_values, measures

    week1 = measures("Initial jobless claims fell 12,000 to 473,000, the Labor Department said.")
    week1_again = measures("The number of Americans filing new claims dropped to 473,000 last week.")
    week2 = measures("Initial jobless claims rose 25,000 to 498,000, the Labor Department said.")
    assert measure_evidence(measure_values(week1_again), measure_values(week1)) == (1, 0)
    same, differ = measure_evidence(measure_values(week2), measure_values(week1))
    assert same == 0 and differ >= 1


def _candidates_of_second(first: str, second: str) -> list:
    """The candidate stories of ``second`` once ``first`` has made a story."""
    index = StoryIndex()
    a = art(first, name="a")
    assign(a, features(a), [], index, 1)
    b = art(second, name="b")
    return candidates(b, features(b), cues(b), [], index, FoldOptions())


def test_the_figures_signals_reach_the_candidate():
    found = _candidates_of_second(
        "Jobless claims rise\n\nInitial jobless claims rose 25,000 to 498,000 in the week, the Labor "
        "Department said on Thursday. Economists had expected 470,000 claims.",
        "Jobless claims fall\n\nInitial jobless claims fell 12,000 to 473,000 in the week, the Labor "
        "Department said on Thursday. Economists had expected 480,000 claims.")
    assert found[0].signals["measures_differ"] > 0 and found[0].signals["measures_same"] == 0


def test_days_named_in_the_text_are_read_with_or_without_a_year():
    from newsfold.fold.signals import mentioned_days, mentioned_weekdays

    found = mentioned_days("Claims fell in the week ended Dec. 2, from 498,000 in the week to Nov. 25. "
                           "The law took effect on March 3, 2021 (2 December in Europe). Prices may 5 times.")
    assert found == {"12-02", "11-25", "03-03"}  # "may 5": the verb, not a day
    assert mentioned_weekdays("On Tuesday, rescuers reached Thursday's quake zone. Sun and Wed.") == \
        {"tuesday", "thursday"}


def test_two_openings_each_about_their_own_day_are_in_conflict_and_a_background_day_is_not():
    from newsfold.fold.signals import day_evidence

    week2 = frozenset({"12-02"})
    assert day_evidence(week2, week2, {"11-25": 1}, {"11-25": 1}) == (0, True)  # next week's report
    assert day_evidence(week2, week2, {"12-02": 2}, {"12-02": 1}) == (1, False)  # the same day
    # The story's report names Dec. 2 in passing: no day of its opening is foreign to the article.
    assert day_evidence(frozenset({"12-02", "01-06"}), week2, {"01-06": 1}, {"01-06": 1}) == (1, False)
    assert day_evidence(frozenset(), frozenset(), {"11-25": 1}, {"11-25": 1}) == (0, False)  # nothing named


def test_weekdays_a_day_apart_are_a_follow_up_and_further_apart_another_step():
    from newsfold.fold.signals import weekday_conflict

    assert not weekday_conflict(frozenset({"wednesday"}), {"tuesday": 1})  # the day after the quake
    assert not weekday_conflict(frozenset({"monday"}), {"sunday": 2})  # across the week's end too
    assert weekday_conflict(frozenset({"thursday"}), {"monday": 1})  # Monday's vote, Thursday's
    assert not weekday_conflict(frozenset(), {"monday": 1}) and not weekday_conflict(frozenset({"monday"}), {})


EVERY = FoldOptions(all_signals=True)  # the time signals too, whether or not the shipped model reads them


def test_the_day_signals_reach_the_candidate_and_the_explanation():
    index = StoryIndex()
    a = art("Jobless claims fall\n\nInitial jobless claims fell 12,000 to 473,000 in the week ended Nov. 25, the "
            "Labor Department said on Thursday.", name="a")
    assign(a, features(a), [], index, 1, EVERY)
    b = art("Jobless claims rise\n\nInitial jobless claims rose 25,000 to 498,000 in the week ended Dec. 2, the "
            "Labor Department said on Monday.", name="b")
    found = candidates(b, features(b), cues(b), [], index, EVERY)
    assert found[0].signals["days_conflict"] == 1.0 and found[0].signals["days_shared"] == 0.0
    assert found[0].signals["weekdays_conflict"] == 1.0
    d = assign(b, features(b), [], index, 2, FoldOptions(join_probability=1.01, all_signals=True))  # forced to start a story
    assert d.new and d.signals["closest"] == found[0].story.id and d.signals["days_conflict"] == 1.0
    index = StoryIndex()
    assign(a, features(a), [], index, 1, EVERY)
    same = art("Claims drop\n\nFewer Americans filed claims in the week ended Nov. 25, down 12,000 to 473,000, "
               "the department said Thursday.", name="c")
    d = assign(same, features(same), [], index, 2, EVERY)
    assert not d.new  # the same week's report joins
    assert d.signals["days_shared"] > 0 and d.signals["days_conflict"] == 0.0 and d.signals["weekdays_shared"] > 0


def test_signals_the_model_does_not_read_are_not_computed_nor_explained():
    from newsfold.fold.scorer import load_model
    from newsfold.fold.signals import NOVELTY_SIGNALS, TIME_SIGNALS

    first = ("Jobless claims fall\n\nInitial jobless claims fell 12,000 to 473,000 in the week ended Nov. 25, the "
             "Labor Department said on Thursday.")
    second = ("Jobless claims rise\n\nInitial jobless claims rose 25,000 to 498,000 in the week ended Dec. 2, the "
              "Labor Department said on Monday.")
    shipped = set(load_model("").signals)
    found = _candidates_of_second(first, second)
    assert set(found[0].signals).isdisjoint(set(TIME_SIGNALS + NOVELTY_SIGNALS) - shipped)
    index = StoryIndex()
    a, b = art(first, name="a"), art(second, name="b")
    assign(a, features(a), [], index, 1, FoldOptions(all_signals=True))
    every = candidates(b, features(b), cues(b), [], index, FoldOptions(all_signals=True))
    assert set(TIME_SIGNALS + NOVELTY_SIGNALS) <= set(every[0].signals)
