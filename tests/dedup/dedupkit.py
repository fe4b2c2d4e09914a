"""Article builders for the dedup tests."""

from newsfold.records import Article, Paragraph


def art(id_, paragraphs, duplicate_of=None):
    return Article(id=id_, raw_id=id_, origin=id_, title=None, outlet=None, wire=None, byline=None, dateline=None,
                   published=None, language="en",
                   paragraphs=tuple(Paragraph(p, i, 0) for i, p in enumerate(paragraphs)),
                   removed=(), duplicate_of=duplicate_of)


BODY = [f"Paragraph {i} tells how the committee voted on the harbour plan and what the mayor said after."
        for i in range(12)]
OTHER = [f"Completely different text number {i} about football results and weather." for i in range(12)]


def words(n, seed):
    """n distinct made-up words, different for each seed."""
    return [f"w{seed}x{i}" for i in range(n)]
