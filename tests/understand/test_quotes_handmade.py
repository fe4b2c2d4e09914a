"""Hand-written articles covering the attribution conventions one by one."""

from __future__ import annotations

from conftest import make_article

from newsfold.understand import QuoteOptions, extract_quotes


def run(*paras, **kw):
    art, raw = make_article(*paras)
    quotes = extract_quotes(art, QuoteOptions(**kw))
    for q in quotes:
        assert raw[q.start:q.end] == q.text
        assert q.article_id == art.id
    return quotes


def one(quotes, text):
    found = [q for q in quotes if q.text == text]
    assert len(found) == 1, (text, quotes)
    return found[0]


def test_cue_before_with_colon():
    qs = run('Finance Minister Anna Berg said on Monday: "We will not raise taxes this year."')
    q = one(qs, "We will not raise taxes this year.")
    assert (q.kind, q.speaker, q.cue) == ("direct", "Anna Berg", "said")


def test_cue_after_and_inversion_with_description():
    qs = run('"The budget is balanced," said Anna Berg, the finance minister.',
             '"Nobody expected that," said the minister.')
    a = one(qs, "The budget is balanced,")
    assert (a.kind, a.speaker, a.cue, a.speaker_mention) == ("direct", "Anna Berg", "said",
                                                               "Anna Berg")
    b = one(qs, "Nobody expected that,")
    assert (b.speaker, b.speaker_mention) == ("Anna Berg", "the minister")


def test_pronoun_goes_to_last_speaker_not_name_inside_quote():
    qs = run("Opposition leader Tom Hale criticised the plan.",
             '"I spoke to Mark Jensen and he agreed with me," Hale said. "It is a disaster."',
             '"We will fight it," he added.')
    assert one(qs, "I spoke to Mark Jensen and he agreed with me,").speaker == "Tom Hale"
    second = one(qs, "It is a disaster.")
    assert (second.speaker, second.cue) == ("Tom Hale", "said")  # same-paragraph continuation
    third = one(qs, "We will fight it,")
    assert (third.speaker, third.speaker_mention, third.cue) == ("Tom Hale", "he", "added")


def test_pronoun_ignores_modifier_names():
    qs = run("Senator Ruth Adler said the Brown administration had failed.",
             '"It is a scandal," she said.')
    assert one(qs, "It is a scandal,").speaker == "Ruth Adler"


def test_description_and_gendered_pronoun():
    qs = run("Company spokeswoman Laura Kim declined to comment on the merger.",
             "Senator Paul Grant said the deal was dangerous.",
             '"We have nothing to hide," the spokeswoman said.',
             "She said the board would meet on Friday.")
    a = one(qs, "We have nothing to hide,")
    assert (a.speaker, a.speaker_mention) == ("Laura Kim", "the spokeswoman")
    b = [q for q in qs if q.kind == "indirect" and q.paragraph == 3][0]
    assert b.speaker == "Laura Kim" and b.text == "the board would meet on Friday"
    c = [q for q in qs if q.kind == "indirect" and q.paragraph == 1][0]
    assert (c.speaker, c.text) == ("Paul Grant", "the deal was dangerous")


def test_she_prefers_female_over_more_recent_male_speaker():
    qs = run("Council spokeswoman Maria Lind said the vote was delayed.",
             "Mayor John Berg said he was disappointed.",
             '"We need more time," she said.')
    assert one(qs, "We need more time,").speaker == "Maria Lind"


def test_surname_resolves_to_full_name_before_or_after():
    qs = run('"We are not worried," Okafor said.',
             "Trade minister Grace Okafor spoke after the summit.")
    assert one(qs, "We are not worried,").speaker == "Grace Okafor"


def test_continuation_paragraph():
    qs = run('"This is the end of an era," Mayor Rita Olsen told reporters.',
             '"The city will miss him."')
    q = one(qs, "The city will miss him.")
    assert (q.kind, q.speaker, q.cue) == ("direct", "Rita Olsen", None)


def test_stray_quote_mark_does_not_derail():
    qs = run('He said "we will see and then left. Later, Mayor Kai Olsen said the plan '
             'was "dead," calling it "a failure."')
    assert one(qs, "dead,").speaker == "Kai Olsen"
    assert one(qs, "a failure.").kind == "partial"
    qs = run('Minister Eva Dahl noted that "It is hard to say." She stressed that the talks '
             'went on."')
    assert one(qs, "It is hard to say.").kind == "direct"
    ind = [q for q in qs if q.kind == "indirect"]
    assert [(q.speaker, q.text) for q in ind] == [("Eva Dahl", "the talks went on")]


def test_apostrophes_and_single_quotes():
    qs = run("Union chief Joe Marsh called the offer 'insulting' and said workers don't "
             "accept Britain's 'red lines' or the bosses' demands.")
    texts = {q.text for q in qs}
    assert "insulting" in texts and "red lines" in texts
    assert not any("don" in t and "'" in t for t in texts)
    assert one(qs, "insulting").speaker == "Joe Marsh"
    assert all(q.speaker == "Joe Marsh" for q in qs)


def test_single_quoted_scare_quote_in_heading_is_not_speech():
    assert run("Ministry talks on 'new deal' in farm policy") == []


def test_two_speakers_in_one_paragraph():
    qs = run('"We are ready," said coach Ivan Petrov. But striker Ana Lopes said: "We are tired."')
    assert one(qs, "We are ready,").speaker == "Ivan Petrov"
    assert one(qs, "We are tired.").speaker == "Ana Lopes"


def test_partial_quotes():
    qs = run('Prime Minister Lena Holm called the sanctions "illegal" and warned that any '
             'new step would be a "declaration of war."')
    a = one(qs, "illegal")
    assert (a.kind, a.speaker) == ("partial", "Lena Holm")
    b = one(qs, "declaration of war.")
    assert (b.kind, b.speaker, b.cue) == ("partial", "Lena Holm", "warned")


def test_quoted_as_saying_and_adding():
    qs = run('"Prices will fall," central bank governor Omar Said was quoted as saying by '
             'local media, adding: "Our reserves are strong."')
    a = one(qs, "Prices will fall,")
    b = one(qs, "Our reserves are strong.")
    assert (a.speaker, a.cue) == ("Omar Said", "quoted as saying")
    assert (b.speaker, b.cue) == ("Omar Said", "adding")


def test_according_to():
    qs = run("According to Interior Minister Karl Weber, the border will reopen next week.")
    q = qs[0]
    assert (q.kind, q.speaker, q.cue, q.text) == ("indirect", "Karl Weber", "according to",
                                                   "the border will reopen next week")


def test_indirect_forms():
    qs = run("Defence official Tomas Rand said that the drills would end on Sunday.",
             "The plan is unworkable, Rand told reporters.",
             "Rand sought to calm fears, saying the border was quiet and stressing that "
             "no troops had moved.")
    ind = [(q.paragraph, q.speaker, q.cue, q.text) for q in qs if q.kind == "indirect"]
    assert (0, "Tomas Rand", "said", "the drills would end on Sunday") in ind
    assert (1, "Tomas Rand", "told", "The plan is unworkable") in ind
    assert (2, "Tomas Rand", "saying", "the border was quiet") in ind
    assert (2, "Tomas Rand", "stressing", "no troops had moved") in ind


def test_org_speaker_option():
    paras = ("Norway said on Friday that the talks had collapsed.",)
    qs = run(*paras)
    assert [(q.speaker, q.text) for q in qs] == [("Norway", "the talks had collapsed")]
    assert run(*paras, org_speakers=False) == []
    assert run(*paras, include_indirect=False) == []


def test_groups_and_titles_are_not_people():
    qs = run('The talks were "constructive", officials said.',
             'Police said the suspect had fled.',
             'She told "Morning Edition" that she was fine.')
    c = one(qs, "constructive")
    assert c.speaker is None and c.speaker_mention == "officials"
    assert not any(q.text == "Morning Edition" for q in qs)
    assert not any(q.speaker == "Police" for q in qs)


def test_question_quote_and_parenthetical_party_label():
    qs = run('"Why should we wait?" Sen. Mia Ford (D-Ore.) asked on Tuesday. "We cannot."',
             '"It is over." Mayor Bo Lin said the plan had failed.')
    a = one(qs, "Why should we wait?")
    assert (a.speaker, a.cue) == ("Mia Ford", "asked")
    assert one(qs, "We cannot.").speaker == "Mia Ford"
    # a full reported clause after a quote is not the quote's frame
    assert one(qs, "It is over.").speaker is None
    ind = [q for q in qs if q.kind == "indirect"]
    assert [(q.speaker, q.text) for q in ind] == [("Bo Lin", "the plan had failed")]


def test_capitalised_cue_word_inside_a_name():
    qs = run('"Prices will fall," central bank governor Omar Said told reporters.')
    assert one(qs, "Prices will fall,").speaker == "Omar Said"
