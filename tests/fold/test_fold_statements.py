"""Same statement across outlets: what the matcher links and what it keeps apart (invented quotes)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from newsfold.fold.statements import (
    StatementOptions,
    matching_statements,
    profile,
    same_speaker,
    statement_overlap,
)
from newsfold.records import Quote


def q(text, speaker="Anna Berg", kind="direct", speaker_id=None):
    return Quote("a", text, kind, speaker, None, "said", 0, 0, len(text), speaker_id=speaker_id)


def linked(a, b, opts=None):
    return bool(matching_statements([a], [b], opts or StatementOptions()))


def test_two_translations_of_one_sentence_are_linked():
    a = q("There are no prospects for an improvement of Swedish-U.S. ties in the coming months")
    b = q("Prospects for improving Swedish-American relations in the coming months are not in sight")
    assert linked(a, b)


def test_house_style_variants_read_as_one_word():
    us = profile("the United States, the U.S. and the US")
    assert set(us.words) == {"usa"}
    assert profile("ten passengers").numbers == profile("10 passengers").numbers == {"10"}
    assert profile("we will organise talks").words == profile("we will organize dialogue").words


def test_fragment_inside_the_full_quotation_is_linked():
    full = q("The harbour was never safe for ferries of that size, and everyone here knew it.")
    fragment = q("never safe for ferries", kind="partial")
    assert linked(fragment, full)
    assert statement_overlap(fragment.text, full.text) == 1.0


def test_one_wire_sentence_in_two_papers_is_linked_even_as_reported_speech():
    text = "the ferry had been inspected in March and passed every test"
    assert linked(q(text, kind="indirect"), q(text[0].upper() + text[1:], kind="indirect"))


def test_different_statements_of_one_speaker_on_one_topic_stay_apart():
    a = q("The ferry company has cut maintenance budgets for three years in a row.")
    b = q("The ferry company will pay for the funerals of every victim.")
    assert not linked(a, b)


def test_different_numbers_mean_different_statements():
    a = q("the rocket flew 900 kilometres before falling into the sea east of the island", kind="indirect")
    b = q("the rocket flew 3,700 kilometres before falling into the sea east of the island", kind="indirect")
    assert not linked(a, b)
    assert linked(a, q("the rocket fell into the sea east of the island after 900 kilometres", kind="indirect"))


def test_titles_and_single_words_are_not_statements():
    assert not linked(q("Morning Edition", kind="partial"), q("Morning Edition", kind="partial"))
    assert not linked(q("massive", kind="partial"), q("massive", kind="partial"))


def test_same_speaker_by_name_or_store_id():
    assert same_speaker("Trump", "Donald J. Trump")
    assert same_speaker("Sen. Joe Manchin", "Joe Manchin")
    assert same_speaker("François Hollande", "Francois Hollande")
    assert same_speaker("J. Smith", "John Smith")
    assert not same_speaker("Robert Thurman", "Uma Thurman")
    assert not same_speaker("North Korea", "South Korea")
    assert not same_speaker(None, "Anna Berg")
    assert same_speaker("the minister", "Anna Berg", "anna-berg", "anna-berg")


def test_same_words_from_two_people_are_not_one_statement():
    text = "We will rebuild every house that the flood destroyed"
    assert linked(q(text, "Anna Berg"), q(text, "Berg"))
    assert not linked(q(text, "Anna Berg"), q(text, "Lars Berg"))


def test_reported_speech_on_both_sides_uses_its_own_thresholds():
    a = q("the bridge would reopen to traffic on Monday after repairs", kind="indirect")
    b = q("repairs were finished and the bridge reopens to cars on Monday", kind="indirect")
    assert linked(a, b)
    strict = StatementOptions(indirect_overlap=0.95, indirect_shared=6)
    assert not linked(a, b, strict)
    assert linked(q(a.text), b, strict)  # one quotation: the quotation thresholds apply


def test_odd_input_never_breaks_the_matcher():
    odd = ["", "   ", "“”", "12,000", "🙂🙂", "a" * 5000, "U.S.-EU-U.K.", "it's", None]
    quotes = [q(t or "", s) for t in odd for s in (None, "", "Anna Berg", "Берг")]
    assert matching_statements(quotes, quotes) is not None


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=80), st.text(max_size=80), st.sampled_from(["direct", "partial", "indirect"]),
       st.sampled_from(["direct", "partial", "indirect"]))
def test_linking_is_symmetric(a, b, ka, kb):
    x, y = q(a, kind=ka), q(b, "Berg", kind=kb)
    assert bool(matching_statements([x], [y])) == bool(matching_statements([y], [x]))
