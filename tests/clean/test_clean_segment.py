"""The segmenter's handling of what follows an end marker: comment threads, boxes set in the body.

Pages and probabilities here are invented, so the tests do not depend on the shipped model.
"""

from __future__ import annotations

import pytest

from newsfold.clean.lines import line_features
from newsfold.clean.segment import find_body, is_comment_line

PROSE = [
    "The city council voted on Tuesday to expand the bus network to three new districts, officials said.",
    "The plan adds forty buses and two depots, and it will be paid for by a regional transport levy.",
    "Opponents argued that the levy would fall hardest on small shops in the old town centre.",
    "Supporters said the new routes would cut commuting times by a quarter for most residents.",
]
FOOT = ["Posted in Transport | Permalink | 3 Comments", "Previous Post", "Next Post"]
THREAD = [
    "Jane Doe on March 3, 2020 at 4:12 pm said:",
    "I have waited for this for years, and I am glad the council finally listened to us.",
    "The old routes took me an hour each way, which is far too long for a ten-mile trip.",
    "Let us hope the new depots are built on time, unlike the last ones the city promised.",
    "Reply",
    "Catherine (Transit Desk) on March 4, 2020 at 9:30 am said:",
    "Thanks for the comment, Jane: the first depot is due to open in the spring, as planned.",
]


def _probs(lines: list, accepted: set[str]) -> list[float]:
    # A model that believes the comments as much as the article (they read alike), and doubts
    # the foot and the comment headers a little.
    return [0.9 if ln.text in accepted else (0.55 if "said:" in ln.text else 0.05) for ln in lines]


def test_a_comment_thread_after_the_article_foot_is_not_a_box_inside_the_body():
    lines = line_features("\n".join(["Bus network to grow"] + PROSE + FOOT + THREAD))
    probs = _probs(lines, set(PROSE) | set(THREAD))
    seg = find_body(lines, probs)
    assert seg.body is not None
    first, last = seg.body
    assert [ln.text for ln in lines[first : last + 1]] == PROSE
    assert lines[seg.end_marker].text == FOOT[0]


def test_a_box_of_headlines_inside_the_body_still_lets_the_article_go_on():
    # The same marker followed by headlines and then the article's prose again: a box in the body.
    more = ["Council members spent most of the four-hour meeting on the cost of the new depots.",
            "One member said the transport levy should be reviewed every two years, and the council agreed.",
            "Drivers' unions welcomed the plan but asked for talks on shift patterns before the routes open."]
    lines = line_features("\n".join(["Bus network to grow"] + PROSE + ["Related stories", "Storm warning for the coast",
                                                                         "Rail strike called off after talks"] + more))
    seg = find_body(lines, _probs(lines, set(PROSE) | set(more)))
    first, last = seg.body
    assert lines[first].text == PROSE[0] and lines[last].text == more[-1]
    assert {lines[i].text for i in seg.boxes} == {"Storm warning for the coast", "Rail strike called off after talks"}


@pytest.mark.parametrize("text, expected", [
    ("Milan Griffes on September 12, 2018 at 4:47 pm said:", True),
    ("jdoe says:", True),
    ("34 responses to “Bus network to grow”", True),
    ("Leave a reply", True),
    ("The minister said the plan would go ahead next year despite the protests.", False),
    ("Reporting by Jane Doe", False),
    ("[ 167 comments ]", True),
    ("» Leave a comment", True),
    ("Top rated comments", True),
    ("Rating: 36 Votes", True),
    ("Reports say the bridge will close", False),
    ("Home", False),
])
def test_comment_headers(text, expected):
    assert is_comment_line(len(text.split()), text.lower()) is expected
