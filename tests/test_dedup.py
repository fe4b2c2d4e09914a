from newsfold.dedup import DuplicateIndex, from_bytes, signature, to_bytes
from newsfold.records import Article, Paragraph


def art(id_, paragraphs):
    return Article(id=id_, raw_id=id_, origin=id_, title=None, outlet=None, wire=None, byline=None, dateline=None,
                   published=None, language="en", paragraphs=tuple(Paragraph(p, i, 0) for i, p in enumerate(paragraphs)),
                   removed=())


BODY = [f"Paragraph {i} tells how the committee voted on the harbour plan and what the mayor said after." for i in range(12)]


def test_exact_copy_after_normalisation():
    idx = DuplicateIndex()
    a = art("a", BODY)
    idx.add(a, signature(a))
    b = art("b", [p.upper() + "  " for p in BODY])  # case and spacing differ
    assert idx.find(b, signature(b)) == "a"


def test_near_copy_with_changed_lead_but_not_a_different_story():
    idx = DuplicateIndex()
    a = art("a", BODY)
    idx.add(a, signature(a))
    near = art("b", ["A new lead paragraph written by another desk."] + BODY[1:])
    assert idx.find(near, signature(near)) == "a"
    other = art("c", [f"Completely different text number {i} about football results and weather." for i in range(12)])
    assert idx.find(other, signature(other)) is None


def test_signature_bytes_round_trip():
    a = art("a", BODY)
    m = signature(a)
    assert from_bytes(to_bytes(m)).jaccard(m) == 1.0
