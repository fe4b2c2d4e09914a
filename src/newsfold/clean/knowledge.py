"""General knowledge about news pages that the clean stage relies on.

These are facts of the trade, not facts of any one page: the names of wire
agencies, of news aggregators, the phrases of site chrome (share, subscribe,
comments), the shapes of photo credits. Keep them here so a reviewer can see
every list in one place, and extend them rather than adding special cases
elsewhere.
"""

from __future__ import annotations

import re

# Wire agencies: canonical name -> spellings seen in bylines, datelines, credits.
WIRES: dict[str, tuple[str, ...]] = {
    "AFP": ("AFP", "Agence France-Presse", "Agence France Presse"),
    "AP": ("AP", "Associated Press", "The Associated Press"),
    "Reuters": ("Reuters", "Thomson Reuters"),
    "TASS": ("TASS", "ITAR-TASS"),
    "Interfax": ("Interfax",),
    "RIA Novosti": ("RIA Novosti", "RIA"),
    "Xinhua": ("Xinhua",),
    "dpa": ("dpa", "Deutsche Presse-Agentur"),
    "EFE": ("EFE",),
    "ANSA": ("ANSA",),
    "UPI": ("UPI", "United Press International"),
    "Bloomberg": ("Bloomberg",),
    "PA": ("PA Media", "Press Association"),
    "Kyodo": ("Kyodo", "Kyodo News"),
    "Yonhap": ("Yonhap",),
    "Anadolu": ("Anadolu", "Anadolu Agency"),
    "CNA": ("CNA",),
    "PTI": ("PTI", "Press Trust of India"),
    "IANS": ("IANS",),
    "AAP": ("AAP", "Australian Associated Press"),
    "CP": ("The Canadian Press", "Canadian Press"),
    "Sputnik": ("Sputnik",),
}

_WIRE_LOOKUP = {alias.casefold(): name for name, aliases in WIRES.items() for alias in aliases}


def wire_name(text: str) -> str | None:
    """Canonical wire name if ``text`` (stripped of punctuation) names one."""
    key = text.strip(" .,;:()/-—–").casefold()
    return _WIRE_LOOKUP.get(key)


# Apps and sites that republish other outlets' copy (the page is theirs, the story is not).
AGGREGATORS = (
    "inkl", "Yahoo News", "MSN", "Google News", "Apple News", "NewsBreak", "Flipboard",
    "PressReader", "SmartNews", "Ground News", "Newsweek Pulse",
)
AGGREGATOR_RE = re.compile(r"\b(" + "|".join(re.escape(a) for a in AGGREGATORS) + r")\b")

# Site chrome: lines made of these phrases are navigation, calls to action, widgets.
CHROME_RE = re.compile(
    r"""^\W*(?:
        advertisement|advertising|sponsored(\ content)?|ad\b|
        (read|see|view|show|load)\ (more|also|all|full|next|previous|comments?)\b.*|
        related(\ (stories|articles|news|posts|content|coverage|topics))?\b.*|
        more\ (stories|news|from)\b.*|most\ (read|popular|viewed|shared)\b.*|
        top\ stories\b.*|our\ picks|editor'?s?\ picks?|recommended(\ for\ you)?|you\ (may|might)\ also\ like.*|
        (sign|log)\ (up|in|out)\b.*|register\b.*|subscribe\b.*|already\ (a\ )?(member|subscriber)\b.*|
        (share|tweet|email|print|save|copy\ link|follow)(\ (this|on|us|the\ story|article))?\b.*|
        (add|post|leave|show|hide)\ (a\ )?comments?\b.*|\d*\ ?comments?|comments?\ \(\d+\)|
        (rate|like)\ (it|this)\b.*|
        (download|get)\ (the|our)\ app\b.*|(start|continue|keep)\ reading\b.*|
        (support|donate|contribute)\b.*|
        newsletter\b.*|cookies?\b.*|privacy\ policy\b.*|terms\ (of\ (use|service)|and\ conditions)\b.*|
        all\ rights\ reserved\b.*|©.*|copyright\b.*|
        (all\ )?news|home|menu|search|close|back\ to\ top|skip\ to\ (main\ )?content|
        \d+\ ?(free\ )?(days?|weeks?)\ free|free\ trial\b.*|(fourteen|seven|thirty)\ days\ free
    )\W*$""",
    re.IGNORECASE | re.VERBOSE,
)

# Words of a call to action addressed to the reader, or of a copyright notice. CHROME_RE
# matches on a line's first words ("Share ...", "Support ...", "Follow ..."), which also start
# ordinary short news sentences ("Share prices fell on Monday."); a full sentence counts as
# chrome only with one of these after its first word (``search`` the rest of the line).
CHROME_SENTENCE_RE = re.compile(
    r"\b(?:you|your|our|us|here|now|today|free|click|tap|newsletters?|inbox|app|apps|account|members?|"
    r"membership|subscribers?|subscriptions?|sign|log|cookies|this\ (?:article|story|page|post)|"
    r"facebook|twitter|instagram|youtube|tiktok|whatsapp|telegram|linkedin|"
    r"rights\ reserved)\b|©|\(c\)|^\W*(?:19|20)\d\d\b",  # the year right after "Copyright"
    re.IGNORECASE | re.VERBOSE,
)

# Cookie-consent and tracking banners: full sentences ("We use cookies ... By continuing to
# browse you agree ..."), so the short-line CHROME_RE misses them and, at the foot of a page,
# they would read as one more body paragraph.
CONSENT_RE = re.compile(
    r"\b(?:we|this\ (?:web)?site|our\ (?:web)?site)\ uses?\ cookies\b|"
    r"\bby\ (?:continuing|clicking)\ (?:to\ (?:browse|use)|accept)\b.*\bcookies\b|"
    r"^\W*(?:accept|reject|allow|manage)\ (?:all\ |necessary\ |optional\ )?cookies\b",
    re.IGNORECASE | re.VERBOSE,
)

# An inline link to another story: a label, a colon or dash, then that story's headline
# ("RELATED: Senate passes ...", "Read more: ..."). Chrome whatever its length; unlike the bare
# label it is often set *inside* the body, so on its own it does not end the article (segment).
INLINE_LINK_RE = re.compile(
    r"^\W*(?:related(?:\ (?:stories|articles|story|article|coverage|content))?|read\ (?:more|also|next)|"
    r"also\ read|see\ also|watch|listen|more\ on\ this(?:\ story)?)(?:\s*[:|>»]|\s+[–—-])\s*\S",
    re.IGNORECASE | re.VERBOSE,
)

# A navigation trail: "Home / Local / Transportation", "News > World". Every part is a
# short label (a headline part would be longer); "/" and "|" also separate a headline from
# its site name, so with them it takes three parts to make a trail.
# "(?<!\s)": start a separator match only where a run of spaces starts, or a long run of
# spaces makes the search quadratic.
_TRAIL_STRONG_RE = re.compile(r"(?<!\s)\s+[>»›]\s+")
_TRAIL_WEAK_RE = re.compile(r"(?<!\s)\s+[/|]\s+")


def is_nav_trail(text: str) -> bool:
    for rx, need in ((_TRAIL_STRONG_RE, 2), (_TRAIL_WEAK_RE, 3)):
        parts = rx.split(text)
        if len(parts) >= need and all(1 <= len(p.split()) <= 3 for p in parts):
            return True
    return False


# Lines that end the article: after one of these, the rest of the page is other stories, the
# author's box or the comments. (Set inside the body -- a "Related" box between paragraphs --
# the segmenter sees the prose resume.)
END_MARKER_RE = re.compile(
    r"""^\W*(read\ more|related(\ (stories|articles|news|posts|coverage))?|more\ (stories|news|from)|
    most\ (read|popular)|top\ stories|recommended|you\ (may|might)\ also\ like|
    (add|post|leave)\ (a\ )?(comment|reply)|join\ the\ (discussion|conversation)|top\ rated\ comments|
    \d+\ (comments|responses|replies|thoughts\ on)|about\ the\ author|(posted|filed)\ (in|under)\b[^|]*\|.*|
    (?-i:([Ss]obre|[Üü]ber)\ [A-Z]\w+\ [A-Z]\w+\W*$)|(?-i:More\ [A-Z]\w+(\ [A-Z]\w+){0,3}\W*$)|
    leia\ (também|mais)|veja\ também|você\ (pode|também)|leggi\ anche|articoli\ correlati|
    lesen\ sie\ auch|mehr\ zum\ thema|(à\ )?lire\ aussi|sur\ le\ même\ sujet|te\ puede\ interesar|
    lee\ también|(noticias|artículos)\ relacionad[oa]s|
    das\ könnte\ sie\ auch\ interessieren|vous\ aimerez\ aussi|articles\ similaires|
    (вам\ )?также\ может\ быть\ интересно|читайте\ также|похожие\ (статьи|новости)|самые\ популярные|
    関連記事|関連する記事|おすすめ記事)(\b|$)""",
    re.IGNORECASE | re.VERBOSE,
)

# Photo agencies and picture desks that appear in caption credits.
PHOTO_AGENCIES = (
    "AP", "AFP", "Reuters", "REUTERS", "TASS", "EPA", "EPA-EFE", "Getty Images", "Getty",
    "Shutterstock", "Sputnik", "Xinhua", "Alamy", "dpa", "Bloomberg", "Kremlin.ru", "Handout",
    "Pool", "ANP", "Anadolu", "NurPhoto", "SOPA Images", "ZUMA", "Imago", "PA", "Vostock-Photo",
)
_AGENCY_ALT = "|".join(re.escape(a) for a in sorted(PHOTO_AGENCIES, key=len, reverse=True))

CAPTION_RES = (
    # "FILE PHOTO: ...", "PHOTO: ...", "Image: ..."
    re.compile(r"^(FILE PHOTO|FILE|PHOTO|Photo|Image|Picture|Pictured|Caption)\s*[:\-–—]\s", re.UNICODE),
    # "... Jose Luis Magana / AP / TASS", "... REUTERS/Evelyn Hockstein"
    re.compile(rf"\b(?:{_AGENCY_ALT})(?: ?/ ?[A-Z][\w.\-]*(?: [A-Z][\w.\-]*){{0,3}}){{1,3}}\.?$"),
    re.compile(rf"[A-Z][\w.'-]+(?: [A-Z][\w.'-]+){{0,3}} ?/ ?(?:{_AGENCY_ALT})(?: ?/ ?[\w.\-]+)*\.?$"),
    # "... via REUTERS", "(Photo by X/Getty Images)", "Photo: X", "Credit: X"
    re.compile(rf"\bvia (?:{_AGENCY_ALT})\.?$", re.IGNORECASE),
    re.compile(r"\((?:photo|image|picture)s?(?: by|:)[^)]*\)\.?$", re.IGNORECASE),
    re.compile(r"\b(?:photo|image|picture|credit)s?:\s*[A-Z][^.]{0,60}$", re.IGNORECASE),
    # Wire captions: "In this Dec. 12, 2006, file photo, ...", "This undated photo shows ..."
    re.compile(r"^(?:In )?this (?:[\w.,'’-]+ ){0,6}(?:file )?(?:photo|image|picture|photograph|screenshot|handout)"
               r"(?: provided| released| taken| made available| shows|,)", re.IGNORECASE),
    # Gallery counters: "1 of 4 Grass Valley's ...", "Image 1 of 9", "Photo 3/12"
    re.compile(r"^(?:(?:image|photo|picture|slide)\s+)?\d{1,3}\s*(?:of|/)\s*\d{1,3}\b(?!\s*(?:%|percent|people|children|men|women|adults|voters|americans|respondents|states|countries))",
               re.IGNORECASE),
)

CREDIT_RE = re.compile(
    r"^\(?\s*(?:additional\s+)?(?:reporting|writing|editing|compiled|produced|graphics)\s+by\b",
    re.IGNORECASE,
)
CREDIT_PART_RE = re.compile(
    r"(?P<role>(?:additional\s+)?reporting|writing|editing|compiled|produced)\s+by\s+(?P<who>[^;)]+)",
    re.IGNORECASE,
)

# "By X" and its equivalents on pages in other languages (de Von, fr Par, es/pt Por, sv/no
# Av), followed by capitalised name words only. The foreign prefixes are also ordinary words,
# so there the name must be 2-4 words (a person), not a title-case headline.
BYLINE_RE = re.compile(r"^(?:By|(?:Von|Par|Por|Av)(?=(?:\s+\S+){2,4}\s*$))\s+(?P<who>[A-Z][\w.'’-]*(?:[ ,]+(?:and\s+)?[A-Z][\w.'’-]*){0,6})\s*$")

# Generic words that name a kind of outlet rather than the outlet itself.
OUTLET_DESCRIPTORS_RE = re.compile(
    r"\b(news\s+agency|information\s+agency|agency|newspaper|news\s+portal|online|official\s+(web)?site|news|website)\b",
    re.IGNORECASE,
)

MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for m in names
}
MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))

# Labels of a date stamp line ("Published: 12 March 2021", "Updated 9:41 a.m. EST").
DATE_LABEL_RE = re.compile(
    r"\b(?:first\ )?(?:published|posted|updated|last\ updated|modified|last\ modified|created|date|"
    r"on|at|am|pm|a\.m|p\.m|gmt|utc|bst|cet|cest|est|edt|cst|cdt|pst|pdt|msk|ist|jst|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|"
    r"ver[öo]ffentlicht|aktualisiert|am|um|uhr|publi[ée]|mis\ [àa]\ jour|le|publicado|actualizado|el|"
    r"pubblicato|aggiornato|il)\b",
    re.IGNORECASE | re.VERBOSE,
)
# Marks a date that says when the page last changed, not when it first appeared.
UPDATED_RE = re.compile(r"\b(?:updated|modified|edited|revised|aktualisiert|mis\ [àa]\ jour|actualizado|aggiornato)\b", re.IGNORECASE)

# --- The foot of a web page's article (HTML path, :mod:`.htmlbody`) -----------------------
# Below the last paragraph, extractors keep the author's box, calls to subscribe or to book a
# demo, "Tags:", disclaimers and cookie notices. These patterns name such lines; a line counts
# as the page's foot only in a run of such lines at the very end (a sentence in the body may
# well mention a newsletter).

# A call to action addressed to the reader, or a legal/affiliate notice. Searched in short lines
# only: a full paragraph that mentions "contact us" is often the article's own conclusion.
CALL_TO_ACTION_RE = re.compile(
    r"\b(?:sign[ -]?up|subscribe|subscribers?|subscription|newsletters?|inbox|free trial|"
    r"(?:book|schedule|request|get) a (?:free )?(?:demo|quote|call|consultation|estimate)|"
    r"get started|start (?:your |a )?free|download (?:now|the app|our)|follow (?:us|me)|join (?:us|our)|"
    r"contact us|call us|get in touch|no credit card|email address|enter your email|unsubscribe|"
    r"privacy policy|terms (?:of use|of service|and conditions|& conditions)|all rights reserved|copyright|"
    r"affiliate|commissions?|disclaimer|editorial (?:policy|process|standards)|view author|read more posts|"
    r"written by|reviewed by|about the author|(?:share|pin) (?:this|it)|log ?in)\b|©",
    re.IGNORECASE,
)

# The heading of a box that follows the article: other stories, the author, tags, comments.
FOOT_HEADING_RE = re.compile(
    r"""^\W*(?:related(?:\ (?:content|articles?|posts?|stories|reading|resources|news|topics))?|
    read\ (?:this\ )?next|more\ from\b.*|more\ (?:articles|stories|posts|news|resources)|
    you\ (?:may|might)\ also\ (?:like|enjoy|be\ interested)|recommended(?:\ (?:for\ you|reading|articles|posts))?|
    (?:popular|latest|recent|similar)\ (?:posts|articles|stories|news)|
    about\ the\ authors?|(?:article\ )?written\ by|reviewed\ by|author|article\ sources|
    share\ (?:this|the)\ (?:article|post|story)|(?:join|sign\ up\ for|subscribe\ to)\ (?:our|the)\ newsletter|
    newsletter|subscribe|tags?|posted\ in|filed\ under|comments?|leave\ a\ (?:comment|reply)|
    (?:tags?|topics|categories)\s*:[^.!?]*|(?:posted|filed)\ (?:in|under)\b[^.!?]*|
    stay\ (?:up\ to\ date|in\ touch|informed|connected)|keep\ reading|continue\ reading|explore\ more|discover\ more)
    \b\W*$""",
    re.IGNORECASE | re.VERBOSE,
)

# An author's box: "Jane Doe is a freelance writer based in ...". A name (two to four
# capitalised words, not "The ..."), a verb of being or doing, and a word of a trade or a CV.
AUTHOR_BIO_RE = re.compile(
    r"^\(?(?!(?:The|This|Our|It|These|That|Its|Their)\s)[A-Z][\w.'’-]+(?:\s[A-Z][\w.'’-]+){1,3},?(?:\s[^.]{0,40})?\s"
    r"(?:is|was|has\sbeen|holds|serves\sas|leads|writes|covers|joined)\b"
)
AUTHOR_ROLE_RE = re.compile(
    r"\b(?:writer|editor|author|journalist|reporter|correspondent|contributor|columnist|founder|co-founder|ceo|cto|"
    r"director|professor|expert|specialist|consultant|coach|owner|freelancer?|manager|engineer|physician|doctor|"
    r"attorney|lawyer|analyst|strategist|designer|developer|researcher|marketer|blogger|photographer|nutritionist|"
    r"dietitian|therapist|trainer|educator|teacher|executive|president|years\ of\ experience|holds\ an?\ |degree|"
    r"graduated|lives\ in|based\ in)\b",
    re.IGNORECASE,
)

# A cookie notice or a cookie-policy table, whatever its length (CONSENT_RE only catches the
# banner's opening sentence).
# "Cookie" alone is product copy as often as not ("cookie cutter", "bread, dough, cookie" near
# "settings" or "Advertisement"); the singular counts only as a cookie of the site: "this
# cookie", "the cookie is set", "cookie policy/settings/...".
_COOKIE = (r"(?:cookies|this\s+cookie|cookie\s+is\s+(?:set|used|stored)|"
           r"cookie\s+(?:policy|settings|preferences|consent|notice|banner|declaration|statement))")
COOKIE_NOTICE_RE = re.compile(
    rf"\b{_COOKIE}\b.{{0,200}}\b(?:consent|accept|preferences|settings|browsing\s+experience|(?:our|this)\s+(?:web)?site|"
    r"necessary|analytics|advertis\w+|third[- ]party|opt[- ]out)\b|"
    r"\b(?:consent|accept|preferences|settings|necessary|analytics|functional|performance|advertisement|"
    rf"uncategori[sz]ed)\b.{{0,60}}\b{_COOKIE}\b|"
    r"^\W*cookie\s+(?:policy|settings|preferences)\W*$",
    re.IGNORECASE,
)
