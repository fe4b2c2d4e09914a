"""Clean stage, HTML path: the lines a web article's back matter is made of.

Below the last paragraph of an article, pages carry things a reader does not
take for the article: who contributed and how to reach them, where the story
came from, disclaimers, a reference list and footnotes, teasers of other posts
with their dates, rights notices, appeals to donate or fill out a form, and the
headings of such boxes. :func:`.htmlbody.foot_start` walks up the end of the
extracted text and drops such a run, and :func:`.htmlbody.headed_foot_start`
drops a box under its heading; these patterns say which lines belong to it.
Each is a whole-line judgement, used only at the page's end (the same sentence
in the middle of an article is the article's).

Measured on WCXB dev (and checked on AEB, where the gold leaves out "X
contributed reporting", "Reach the reporter at", "Source: agencies" too).
"""

from __future__ import annotations

import re

# Credits and contact lines of the reporting: "Keith Bradsher contributed reporting from Hong
# Kong.", "Associated Press writers A and B contributed to this report.", "Write to Al Root at
# ...", "Have a tip? Amy may be reached at ...", "Reach the reporters on Twitter at ...".
CONTRIBUTION_RE = re.compile(
    r"\bcontribut(?:ed|ing)\s+(?:(?:additional\s+)?reporting|research|to\s+(?:this|the)\s+(?:report|story|article))\b|"
    r"\b(?:can|may)\s+be\s+(?:reached|contacted|emailed)\s+(?:at|on|via)\b|"
    r"^(?:write|reach|contact|e-?mail)\s+(?:to\s+)?(?:the\s+)?(?:reporters?|writers?|authors?|him|her|them|me|us|[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+){0,2})\s+(?:at|on|via)\b|"
    r"^have\s+a\s+(?:news\s+)?tip\b|"
    r"^(?:sources?|additional\s+sources?|with\s+(?:reporting|files)\s+from)\s*:\s*\S",
    re.IGNORECASE,
)

# Disclaimers and disclosures: the publisher speaking about the text rather than the text.
DISCLAIMER_RE = re.compile(
    r"\bfor\s+(?:general\s+)?(?:informational|information|educational)(?:\s+and\s+(?:informational|educational|entertainment))?\s+purposes\s+only\b|"
    r"\bsubstitute\s+for\s+(?:professional\s+|direct\s+)?(?:medical|legal|financial|tax|investment)\s+advice\b|"
    r"\bnot\s+(?:(?:intended|meant)\s+(?:as|to\s+(?:be|provide|replace|constitute|serve\s+as))\s+(?:an?\s+)?)?"
    r"(?:legal|medical|financial|tax|investment|professional)(?:,?\s+(?:or\s+)?(?:legal|medical|financial|tax|investment|accounting))*\s+advice\b|"
    r"\b(?:does|do|shall|should)\s+not\s+constitute\s+(?:an?\s+)?(?:endorsement|solicitation|advice)\b|"
    r"\b(?:views|opinions)\s+(?:and\s+opinions\s+)?expressed\s+(?:here|herein|in\s+this|by|on\s+this)\b|"
    r"\b(?:we|i)\s+(?:may|might)\s+(?:earn|receive|get)\s+(?:a|an)\s+(?:small\s+)?(?:commission|share|fee)\b|"
    r"\blicensed\s+under\s+(?:a|the)\s+creative\s+commons\b|\bforward[- ]looking\s+statements\b",
    re.IGNORECASE,
)

# A reference list's entries: "Curcic D, Stojmenovic T, ... Psychiatr Danub. 2015;27:...",
# "doi: 10.1002/...", "[PubMed]", "National Institute (n.d.). Title.", "[1] https://...", a
# footnote ending in its link back to the text ("↩").
CITATION_RE = re.compile(
    r"^(?:-\s*)?\[?\d{1,3}[.\])]\s*(?:https?://|www\.)\S+$|"  # a numbered source: "[1] https://..."
    r"\bdoi:\s*10\.\d|\bdoi\.org/10\.|\[(?:PubMed|PMC free article|Google Scholar|DOI|CrossRef)\]|"
    r"(?-i:(?:^|[-.]\s)(?:[A-Z][\w'’-]+\s[A-Z]{1,3},\s)+[A-Z][\w'’-]+\s[A-Z]{1,3}[.,])|"  # authors: "Vogel AC, Black KJ."
    r"^(?:-\s*)?(?:\[?\d{1,3}[.\])]\s*)?[^.]{3,120}\((?:\d{4}[a-z]?|n\.d\.)\)\.\s|"  # "Author or Body (2019). Title."
    r"^\[\d{1,3}\]\s*[\"“]|"  # '[2] "Title," Publisher (June 2, 2016).'
    r"↩\ufe0e?\s*$",  # a footnote, with its link back to the text
    re.IGNORECASE,
)

# The site's rights notice, however long ("Idioms from ... copyright © 2002 by ...", "X® is a
# registered trademark of ...").
COPYRIGHT_RE = re.compile(r"©|\bcopyright\b|\ball rights reserved\b|\btrademarks?\b|\bcertification\s+marks\b", re.IGNORECASE)

# Appeals and forms of the site: to donate or become a patron, to fill out a form, the consent a
# contact form asks for ("Message & data rates may apply").
APPEAL_RE = re.compile(
    r"\b(?:donate|donations?|become\s+a\s+(?:patron|member|supporter|paid\s+subscriber)|patreon|"
    r"support\s+(?:us|our\s+(?:work|journalism|mission|site))\b|"
    r"fill\s+out\s+(?:the|our|this)\s+(?:form|survey)|(?:receive|get)\s+(?:e-?mail\s+|push\s+)?notifications\b|message\s+(?:&|and)\s+data\s+rates\s+may\s+apply|"
    r"(?:by\s+(?:providing|submitting|clicking)\b.{0,120}\b(?:you\s+(?:are\s+)?(?:consent|agree)|consenting)))",
    re.IGNORECASE,
)

# A line that is only a web address: a source when it sits under a "Sources" heading, but a
# deals post lists its shop links the same way, so it is judged by that heading.
BARE_URL_RE = re.compile(r"^(?:-\s*)?(?:https?://|www\.)\S+$", re.IGNORECASE)
# The headings of a source list: the bare addresses below them are sources.
SOURCES_HEADING_RE = re.compile(
    r"^\W*(?:references?|(?:article\s+|additional\s+)?sources?|citations?|bibliography|works\s+cited|footnotes|notes)\W*$",
    re.IGNORECASE,
)

# The headings of the back matter, by what they head; :func:`.htmlbody.headed_foot_start` checks
# that the line below one is of its kind (a related-posts heading left alone in mid-article by a
# box the extractor removed heads the article's next paragraph, not teasers).
AUTHOR_HEADING_RE = re.compile(
    r"^\W*(?:about\s+the\s+(?:authors?|reviewers?|editors?|contributors?|experts?)|meet\s+the\s+(?:authors?|experts?)|"
    r"(?:article\s+)?(?:written|reviewed|fact[- ]checked)\s+by)\W*$",
    re.IGNORECASE,
)
DISCLAIMER_HEADING_RE = re.compile(r"^\W*(?:(?:affiliate\s+|legal\s+|medical\s+)?(?:disclaimers?|disclosures?))\W*$", re.IGNORECASE)
RELATED_HEADING_RE = re.compile(
    r"^\W*(?:related(?:\s+(?:content|articles?|posts?|stories|reading|resources|news|topics|guides))?|"
    r"recommended(?:\s+(?:for\s+you|reading|articles|posts|stories))?|explore\s+(?:further|more)|discover\s+more|"
    r"read\s+(?:this|these)\s+next|read\s+next|also\s+read|read\s+also|more\s+to\s+read|keep\s+reading|"
    r"(?:most\s+)?popular(?:\s+(?:on|at|in|now)\b.*)?|trending(?:\s+now)?|editors?['’]?\s+picks?|"
    r"you\s+(?:may|might)\s+also\s+(?:like|enjoy|want\s+to\s+read)(?:\s+these)?|"
    r"(?:more|other|similar|recent|latest|popular)\s+(?:posts|articles|stories|guides|reads|news)(?:\s+(?:from|on|in|about)\b.*)?)\W*$",
    re.IGNORECASE,
)


def is_back_matter_heading(text: str) -> bool:
    """A heading of the back matter of any kind (sources, the author, a disclaimer, other posts)."""
    return bool(SOURCES_HEADING_RE.match(text) or AUTHOR_HEADING_RE.match(text) or DISCLAIMER_HEADING_RE.match(text)
                or RELATED_HEADING_RE.match(text))


# A teaser of another post in a list of them: its title and the date it went up
# ("- Top Yoga Retreats in Oregon for 2026 - November 27, 2025").
_MONTHS = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
           r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
DATED_TEASER_RE = re.compile(
    r"\s[-–—|•]\s*(?:" + _MONTHS + r"\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+" + _MONTHS + r"\.?,?\s+\d{4}|\d{4}-\d{2}-\d{2})\s*$",
    re.IGNORECASE,
)
