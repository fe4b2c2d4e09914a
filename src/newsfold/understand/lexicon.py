"""Word lists for quote attribution: speech verbs, role titles, non-name words.

Everything here is general English news convention; nothing is keyed on a
particular article. Lists are kept as space-separated strings for density and
exposed as frozensets of lower-cased words unless stated otherwise.
"""

from __future__ import annotations

import re


def _words(s: str) -> frozenset[str]:
    return frozenset(s.split())


# --- speech verbs -----------------------------------------------------------
# lemma -> surface forms. Only forms that are (almost) never nouns are listed:
# "claims", "notes", "reports", "states" are left out on purpose.
CUE_FORMS: dict[str, tuple[str, ...]] = {
    "say": ("say", "says", "said", "saying"),
    "tell": ("tell", "tells", "told", "telling"),
    "add": ("add", "adds", "added", "adding"),
    "note": ("noted", "noting"),
    "stress": ("stressed", "stressing"),
    "warn": ("warn", "warns", "warned", "warning"),
    "conclude": ("concluded", "concludes", "concluding"),
    "tweet": ("tweeted", "tweeting"),
    "urge": ("urge", "urges", "urged", "urging"),
    "call": ("called", "calling"),
    "state": ("stated",),
    "insist": ("insist", "insists", "insisted", "insisting"),
    "argue": ("argue", "argues", "argued", "arguing"),
    "explain": ("explain", "explains", "explained", "explaining"),
    "claim": ("claimed", "claiming"),
    "announce": ("announce", "announces", "announced", "announcing"),
    "point out": ("pointed out", "points out", "pointing out"),
    "quoted as saying": ("quoted as saying", "cited as saying"),
    "report": ("reported",),
    "write": ("wrote", "writes"),
    "ask": ("asked", "asks", "asking"),
    "demand": ("demanded",),
    "reply": ("replied", "replies"),
    "respond": ("responded",),
    "declare": ("declared", "declares", "declaring"),
    "comment": ("commented",),
    "remark": ("remarked",),
    "admit": ("admitted", "admits", "admitting"),
    "acknowledge": ("acknowledged", "acknowledges", "acknowledging"),
    "confirm": ("confirmed", "confirms", "confirming"),
    "deny": ("denied", "denies", "denying"),
    "emphasize": ("emphasized", "emphasised", "emphasizes", "emphasises",
                  "emphasizing", "emphasising"),
    "assert": ("asserted", "asserts", "asserting"),
    "observe": ("observed",),
    "predict": ("predicted",),
    "promise": ("promised",),
    "reiterate": ("reiterated", "reiterates", "reiterating"),
    "recall": ("recalled", "recalling"),
    "continue": ("continued",),
    "underline": ("underlined", "underlining"),
    "underscore": ("underscored", "underscoring"),
    "complain": ("complained", "complaining"),
    "suggest": ("suggested",),
    "describe": ("described", "describing"),
    "mention": ("mentioned",),
    "vow": ("vowed", "vows"),
    "pledge": ("pledged",),
    "maintain": ("maintained",),
    "allege": ("alleged",),
    # verbs that characterise with a quoted word ("branded the plan 'reckless'")
    "label": ("labeled", "labelled", "labeling", "labelling"),
    "brand": ("branded", "branding"),
    "dub": ("dubbed", "dubbing"),
    "deride": ("derided",),
    "hail": ("hailed",),
    "praise": ("praised", "praising"),
    "denounce": ("denounced", "denouncing"),
    "slam": ("slammed",),
    "blast": ("blasted",),
    "criticize": ("criticized", "criticised", "criticizing", "criticising"),
    "accuse": ("accused", "accusing"),
    "refer": ("referred", "referring"),
    "decry": ("decried",),
    "tout": ("touted",),
    "mock": ("mocked",),
    "liken": ("likened",),
}

# Lemmas that only attach quotation marks, never an unquoted clause
# ("called the sanctions 'illegal'", '"Why?" she asked', '"...," he continued').
QUOTE_ONLY = frozenset({"call", "ask", "demand", "continue", "describe", "reply", "respond",
                        "comment", "remark", "urge", "mention", "tweet", "label", "brand",
                        "dub", "deride", "hail", "praise", "denounce", "slam", "blast",
                        "criticize", "accuse", "refer", "decry", "tout", "mock", "liken"})
# Lemmas that may take a clause without "that" ("She said the talks failed").
ZERO_THAT = frozenset({"say", "add"})
# Mediating verbs: an "according to X" in the same sentence names the real source.
MEDIATING = frozenset({"report", "write", "quoted as saying"})

FORM_TO_LEMMA: dict[str, str] = {f: lemma for lemma, forms in CUE_FORMS.items() for f in forms}
_ALL_FORMS = sorted(FORM_TO_LEMMA, key=len, reverse=True)
CUE_RE = re.compile(
    r"(?<![\w’'-])(?:" + "|".join(f.replace(" ", r"\s+") for f in _ALL_FORMS) + r")(?![\w’'-])",
    re.IGNORECASE,
)
ACCORDING_RE = re.compile(r"(?<![\w-])according\s+to(?![\w-])", re.IGNORECASE)


def cue_lemma(surface: str) -> str | None:
    return FORM_TO_LEMMA.get(" ".join(surface.lower().split()))


def is_participle(surface: str) -> bool:
    return surface.lower().split()[0].endswith("ing") and not surface.lower().startswith(
        ("quoted", "cited"))


# --- people -----------------------------------------------------------------
# Head nouns of titles and roles that precede or describe a person.
ROLE_HEADS = _words("""
spokesman spokeswoman spokesperson president vice-president minister premier
chancellor adviser advisor ambassador envoy representative rep senator sen
congressman congresswoman lawmaker legislator governor gov mayor secretary
chairman chairwoman chair chairperson director official officer chief leader
commander general gen colonel col admiral lieutenant captain sergeant judge
justice attorney lawyer prosecutor diplomat aide analyst expert professor prof
researcher economist executive ceo cfo founder co-founder owner manager editor
correspondent reporter journalist columnist veteran star player coach activist
candidate nominee king queen prince princess pope cardinal bishop archbishop
rabbi imam cleric speaker whip commissioner inspector sheriff deputy strategist
negotiator ombudsman monarch emperor dictator strongman mp mep economist
pollster scientist doctor dr physician surgeon author writer historian
spokesmen spokeswomen officials analysts experts lawmakers diplomats
""")
PLURAL_ROLES = _words("""
spokesmen spokeswomen officials analysts experts lawmakers diplomats sources
officers leaders ministers senators representatives aides lawyers prosecutors
police authorities witnesses residents critics investigators observers doctors
scientists researchers troops soldiers protesters demonstrators voters legislators
organizers organisers rescuers firefighters paramedics neighbors neighbours parents
teachers students workers employees executives shareholders investors economists
traders villagers locals activists campaigners members supporters opponents fans
people others officers detectives agents pollsters historians academics insiders
advisers advisors allies aides staffers delegates negotiators commanders generals
""")
# Equivalent heads for description matching.
ROLE_CLASS: dict[str, str] = {
    "spokeswoman": "spokesman", "spokesperson": "spokesman",
    "advisor": "adviser", "chairwoman": "chairman", "chair": "chairman",
    "chairperson": "chairman", "rep": "representative", "sen": "senator",
    "gov": "governor", "gen": "general", "col": "colonel", "prof": "professor",
    "dr": "doctor", "congresswoman": "congressman",
}
FEMALE_ROLES = _words("spokeswoman chairwoman congresswoman queen princess mrs ms miss madam "
                      "businesswoman mother wife daughter sister actress lady duchess")
MALE_ROLES = _words("spokesman chairman congressman king prince mr sir businessman father "
                    "husband son brother actor lord duke pope")
HONORIFICS = _words("mr mrs ms miss dr sir dame lord lady sen rep gov gen col lt sgt capt "
                    "prof rev st mx")
NAME_PARTICLES = _words("de da di del della der den van von bin ibn al el le la ter dos das du")
PRONOUNS_M = _words("he him his")
PRONOUNS_F = _words("she her hers")

# --- words that are never (part of) a person's name -------------------------
FUNCTION_WORDS = _words("""
a an the this that these those its his her their our my your whose which who whom
and or but nor yet so for of in on at to from by with without within into onto
about above across after against along among around as before behind below
beneath beside besides between beyond during except inside near off out outside
over past since through throughout till toward towards under until up upon via
amid amidst despite per than like unlike if when while whereas although though
because unless whether once where how why what however meanwhile moreover also
then there here now just only even still already again later earlier instead
he she it they we i you him them us me one ones
is are was were be been being am has have had having do does did done will would
shall should may might can could must not no nor yes all any some each every both
either neither many much more most few less least other another such own same
very too quite rather almost nearly about around ago
sadly unfortunately fortunately however furthermore indeed perhaps maybe
mr mrs ms dr
""")
# Capitalisable modifiers that are never names but may sit inside a role phrase.
MODIFIER_WORDS = _words("first second third last next new former late top senior junior "
                        "acting interim outgoing incoming deputy chief then-")
WEEKDAYS = _words("monday tuesday wednesday thursday friday saturday sunday")
MONTHS = _words("january february march april may june july august september october "
                "november december jan feb mar apr jun jul aug sep sept oct nov dec")
TIME_WORDS = WEEKDAYS | MONTHS | _words("today yesterday tomorrow tonight morning afternoon "
                                        "evening night week month year weekend")
# Capitalised nouns that make a run an organisation, place, event or document.
ORG_WORDS = _words("""
department ministry committee council party house senate congress parliament
assembly court agency bank fund union nations states kingdom republic federation
emirates club room times post news press street square hall office service services
forces army navy air guard corps institute university college school academy
foundation center centre group company corporation corp inc ltd llc plc
association organization organisation commission authority administration
government security intelligence foreign affairs defense defence treasury
central national international federal democratic republican democrats
republicans democrat state city county province region district airport station
river sea ocean lake mountain mountains island islands north south east west
northern southern eastern western middle world war act law treaty accord
agreement summit cup games olympics day week year internet online media network
channel radio television tv journal herald tribune telegraph guardian gazette
review magazine daily weekly agency alliance coalition movement front
bureau division unit board cabinet embassy consulate mission church mosque
temple cathedral palace castle tower bridge hospital clinic prison
airlines airways motors energy oil gas petroleum holdings capital partners
global worldwide ventures technologies systems labs network nato un eu
brexit covid coronavirus christmas easter ramadan valley peninsula strait gulf
bay coast desert forest canal square avenue road highway
pacific atlantic arctic antarctic european asian african american
""")
NEWS_AGENCIES = _words("reuters interfax xinhua bloomberg sputnik yonhap kyodo anadolu "
                       "axios politico afp ap")
COUNTRIES = _words("""
afghanistan albania algeria andorra angola argentina armenia australia austria
azerbaijan bahamas bahrain bangladesh barbados belarus belgium belize benin bhutan
bolivia bosnia botswana brazil brunei bulgaria burkina burundi cambodia cameroon
canada chile china colombia comoros congo croatia cuba cyprus czechia denmark
djibouti dominica ecuador egypt eritrea estonia eswatini ethiopia fiji finland
france gabon gambia georgia germany ghana greece grenada guatemala guinea guyana
haiti honduras hungary iceland india indonesia iran iraq ireland israel italy
jamaica japan kazakhstan kenya kiribati korea kosovo kuwait kyrgyzstan laos
latvia lebanon lesotho liberia libya liechtenstein lithuania luxembourg madagascar
malawi malaysia maldives mali malta mauritania mauritius mexico micronesia moldova
monaco mongolia montenegro morocco mozambique myanmar burma namibia nauru nepal
netherlands holland nicaragua niger nigeria norway oman pakistan palau palestine
panama paraguay peru philippines poland portugal qatar romania russia rwanda samoa
senegal serbia seychelles singapore slovakia slovenia somalia spain sudan suriname
sweden switzerland syria taiwan tajikistan tanzania thailand togo tonga tunisia
turkey turkiye turkmenistan tuvalu uganda ukraine uruguay uzbekistan vanuatu
vatican venezuela vietnam yemen zambia zimbabwe britain england scotland wales
europe asia africa america gaza kashmir tibet
""")
CITIES = _words("""
moscow washington london paris berlin beijing tokyo kyiv kiev minsk warsaw rome
madrid brussels geneva vienna ankara istanbul tehran baghdad damascus beirut
jerusalem cairo riyadh doha dubai delhi islamabad kabul seoul pyongyang taipei
bangkok jakarta manila hanoi canberra ottawa toronto havana caracas
brasilia lima bogota santiago nairobi lagos pretoria johannesburg addis
athens lisbon dublin oslo stockholm helsinki copenhagen prague budapest bucharest
belgrade zagreb tbilisi yerevan baku astana tashkent kharkiv odesa odessa
mariupol bakhmut donetsk luhansk brussels strasbourg
hague davos munich frankfurt milan new york chicago boston miami houston dallas
atlanta hollywood pentagon whitehall westminster
""")
DEMONYM_SUFFIXES = ("ian", "ean", "ese", "ish", "ic", "i")
DEMONYMS = _words("""
russian american british english french german chinese japanese ukrainian
belarusian polish italian spanish turkish iranian iraqi syrian israeli
palestinian saudi egyptian indian pakistani afghan korean vietnamese thai
canadian mexican brazilian argentine australian european african asian
arab western eastern soviet nordic baltic swiss dutch belgian austrian greek
georgian armenian azerbaijani kazakh uzbek scottish welsh irish
cuban venezuelan colombian chilean peruvian nigerian kenyan ethiopian lebanese
jordanian qatari emirati yemeni libyan sudanese somali afghan taiwanese
""")
NON_NAME = PLURAL_ROLES | FUNCTION_WORDS | MODIFIER_WORDS | TIME_WORDS | ORG_WORDS | COUNTRIES | CITIES | DEMONYMS | NEWS_AGENCIES

# Words that may sit between a subject and its speech verb
# ("Lund has also said", "The ministry Wednesday said").
GAP_WORDS = _words("""
has have had was were is are also would will did does do had later earlier then
again further reportedly previously recently once repeatedly publicly privately
flatly quickly bluntly firmly simply only just separately similarly likewise
in turn on last this today yesterday tonight often frequently always never
sometimes subsequently initially finally eventually first once
""") | WEEKDAYS

# Objects of "told" and adverbials allowed between a verb and its "that".
SUBORDINATORS = _words("after when while although though because as since if before "
                       "until once unless whereas")
CLAUSE_BLOCK = _words("""
in on at to for with by from of during after before about as when while if
through via over under earlier later last this yesterday today tonight so
nothing something more little goodbye yes hello publicly privately repeatedly
""") | WEEKDAYS | MONTHS
