"""Content-farm copies of real articles, made the ways farms make them (see PRODUCT.md).

``make_copies(articles, seed)`` returns typed records (``GeneratedDoc``) saying what each
generated page is and which article(s) it reuses. The kinds (``GENERATED_KINDS``):

- ``scrape``: a spam line, the title three times, the paragraphs glued into one block
  and then repeated one by one, another spam line, ``Source link`` and a hashtag tail;
- ``truncated-scrape``: the title, then the body glued and cut off at 40–70% of its
  length in the middle of a sentence (``[…]``), ``Source link``;
- ``spun``: every sentence reworded by synonym swaps in place (quotations included), from
  a thesaurus (``synonyms.SynonymTable``); names and numbers kept;
- ``translated``: a *simulated* round trip through machine translation (not a real MT
  system): contractions spelled out, phrase calques ("the X of Y", "declared"), a few
  thesaurus swaps, straight quotes, and garbled names ("Hegseth" → "Hegses", "Rutte" →
  "Latte");
- ``teaser``: the title and the first one or two sentences, then "Read more";
- ``digest``: a roundup page with one paragraph of each of three to five articles;
- ``quote-share``: a different article (a filler, not one of ``articles``) with one
  paragraph quoting a quotation of the article; it copies none of the article's text.

Ids are random 16-character strings like the news-bias ids; no page carries a date.
Everything depends only on the inputs and the seed.
"""

from __future__ import annotations

import random
import re
import string
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

GENERATED_KINDS: tuple[str, ...] = ("scrape", "truncated-scrape", "spun", "translated",
                                    "teaser", "digest", "quote-share")
#: Kinds that copy exactly one article.
SINGLE_KINDS: tuple[str, ...] = ("scrape", "truncated-scrape", "spun", "translated", "teaser")
COPIES_PER_ARTICLE = 2

SPAM = ("Shopify is the best solution for dropshipping, start today!",
        "Get 50% off your first order with code NEWS50 - limited time only!",
        "Earn $500 a day from home with this one simple trick. Click here.",
        "Best VPN deals of the year: protect your privacy now for just $2.99.")
READ_MORE = ("Read more", "Read more »", "Continue reading…", "Read the full story here")
DIGEST_TITLES = ("News in brief", "Today's headlines", "Morning digest", "The day in news")
QUOTE_FRAMES = ("In a statement, the spokesperson said: “{q}”",
                "“{q},” according to a statement released on the matter.",
                "The remarks drew attention online: “{q}”")
FARM_SITES = ("newsfeedtoday.net", "dailytrendingnews24.com", "worldnewsera.com",
              "thenewsdrop.info", "breakingpost.online", "usnewshub.live")
#: Calques of English → X → English round trips (generic, no article's own phrases).
MT_PHRASES: dict[str, str] = {
    "said": "declared", "says": "declares", "told": "said to", "according to": "following",
    "officials": "responsables", "lawmakers": "legislators", "deal": "agreement",
    "release": "liberation", "concerns": "preoccupations", "opportunity": "occasion",
    "administration": "government", "criticism": "critics", "press conference":
    "press meeting", "likely": "probably", "in the meantime": "meanwhile",
    "finally": "at last", "ultimately": "finally", "outcome": "result",
    "at this point": "at this moment", "responded": "answered", "claims": "allegations",
    "for years": "during years", "takes place": "has place", "still": "always",
    "pushed back": "repelled", "argued": "sustained", "acknowledged": "recognized",
    "allegedly": "supposedly", "helping": "aiding", "notified": "informed",
    "included": "comprised", "happen": "take place", "whatever": "whichever",
    "will be": "is going to be", "will not": "is not going to", "last week":
    "the past week", "on Monday": "this Monday", "on Tuesday": "this Tuesday",
    "on Wednesday": "this Wednesday", "on Thursday": "this Thursday",
    "on Friday": "this Friday", "the United States": "the States United",
    "White House": "House White", "troops": "troupes", "announced": "made known",
    "spokesman": "spokesperson", "spokeswoman": "spokesperson", "voters": "electors",
}
CONTRACTIONS: dict[str, str] = {
    "don't": "do not", "doesn't": "does not", "didn't": "did not", "won't": "will not",
    "can't": "cannot", "isn't": "is not", "aren't": "are not", "wasn't": "was not",
    "weren't": "were not", "hasn't": "has not", "haven't": "have not", "hadn't":
    "had not", "wouldn't": "would not", "couldn't": "could not", "shouldn't":
    "should not", "it's": "it is", "that's": "that is", "he's": "he is", "she's":
    "she is", "we're": "we are", "they're": "they are", "i'm": "I am", "we've": "we have",
    "they've": "they have", "i've": "I have", "there's": "there is", "let's": "let us"}
_STOPWORDS = frozenset(
    "a an the and or but if of to in on at by for with from as is are was were be been "
    "being has have had do does did not no so than that this these those it its he she "
    "they them his her their we our you your i me my mr mrs ms who whom which what when "
    "where why how all any each some more most other such only own same too very can will "
    "just should now also into over after before about up down out off again then once "
    "there here would could may might must shall".split())
#: Capitalised words that are not names: a translation keeps them whole.
_NOT_NAMES = frozenset(
    "January February March April May June July August September October November December "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday President Senator Secretary "
    "Governor General Minister Representative Department House Senate Court Party Congress "
    "Republicans Democrats Republican Democrat Administration Council Committee Justice "
    "Police Army Government Street University State States Office Service Agency".split())
_SENTENCE = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"'”’)]))\s+(?=[\"“‘(]?[A-Z0-9])")
_ABBREVIATION = re.compile(
    r"(?:\b[A-Z]|\b(?:[A-Z]\.)+[A-Z]|\b(?:Mr|Mrs|Ms|Dr|Rep|Reps|Sen|Sens|Gov|Gen|Lt|Col|Sgt|"
    r"Capt|Cmdr|Adm|Atty|Pres|Prof|Rev|St|Mt|Ft|Jr|Sr|No|Inc|Corp|Co|Ltd|Jan|Feb|Aug|Sept|Oct|"
    r"Nov|Dec|Calif|Fla|Ga|Ill|Mass|Mich|Minn|Pa|Va|Wash|Wis|Tenn|Ariz|Colo|Conn|Md|Mo|Nev|"
    r"Okla|Ore|Tex)|\bU\.S)\.$")
# Paragraphs a page carries around its article's prose: a teaser's lede is not one.
_NOT_LEDE = re.compile(r"Sign up|newsletter|inbox|[Cc]aption|Photo|Image|Read more|toggle")
_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")
_QUOTE = re.compile(r"[“\"]([^”\"]{40,400}?)[”\"]")


@dataclass(frozen=True, slots=True)
class Article:
    """An original article that copies are made from."""

    id: str
    title: str
    text: str
    url: str | None = None
    site: str | None = None


@dataclass(frozen=True, slots=True)
class GeneratedDoc:
    """A generated page: what it is, which articles' text it reuses, how it was made."""

    id: str
    kind: str  # one of GENERATED_KINDS
    title: str
    text: str
    site: str
    copies: tuple[str, ...] = ()  # ids of the articles whose text it reuses
    shares_quote_with: str | None = None  # quote-share: the article it quotes
    note: str = ""
    changes: dict[str, Any] = field(default_factory=dict)  # e.g. garbled names

    def to_row(self) -> dict[str, Any]:
        """The page as a user's JSONL row (id, site, title, text; no date)."""
        return {"id": self.id, "site": self.site, "title": self.title, "text": self.text}


def paragraphs(text: str) -> list[str]:
    blocks = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return blocks if len(blocks) > 1 else [p.strip() for p in text.split("\n") if p.strip()]


def sentences(paragraph: str) -> list[str]:
    """The paragraph's sentences; a full stop after an initial, an abbreviation or a
    title ("Nancy M.", "The U.N.", "Rep.", "S.C.") does not end one."""
    out: list[str] = []
    for piece in _SENTENCE.split(paragraph.strip()):
        if out and _ABBREVIATION.search(out[-1]):
            out[-1] += " " + piece
        elif piece:
            out.append(piece)
    return out


def body_paragraphs(article: Article) -> list[str]:
    """The article's paragraphs without a first line that repeats its title."""
    paras = paragraphs(article.text)
    if paras and paras[0].strip().lower() == article.title.strip().lower():
        paras = paras[1:]
    return paras


#: Words of the first paragraph a teaser takes as the article's lede.
LEDE_WORDS = 15


class _Maker:
    def __init__(self, seed: int, synonyms: Any) -> None:
        self.rng = random.Random(seed)
        self.synonyms = synonyms
        self.used: set[str] = set()

    def new_id(self) -> str:
        while True:
            ident = "".join(self.rng.choices(string.ascii_letters + string.digits, k=16))
            if ident not in self.used:
                self.used.add(ident)
                return ident

    def doc(self, kind: str, title: str, text: str, **fields: Any) -> GeneratedDoc:
        return GeneratedDoc(self.new_id(), kind, title, text, self.rng.choice(FARM_SITES),
                            **fields)

    # -- the copies --------------------------------------------------------------------

    def scrape(self, a: Article) -> GeneratedDoc:
        paras = body_paragraphs(a)
        tags = " ".join("#" + w for w in _WORD.findall(a.title) if w[:1].isupper())[:120]
        spam = self.rng.sample(SPAM, 2)
        blocks = [spam[0], a.title, a.title, a.title, " ".join(paras), *paras, spam[1],
                  "Source link", tags or "#news"]
        return self.doc("scrape", a.title, "\n\n".join(blocks), copies=(a.id,),
                        note="spam, title x3, glued body then its paragraphs, spam, "
                             "Source link, hashtags")

    def truncated(self, a: Article) -> GeneratedDoc:
        body = " ".join(body_paragraphs(a))
        cut = int(len(body) * self.rng.uniform(0.4, 0.7))
        cut = body.rfind(" ", 0, cut) if " " in body[:cut] else cut
        text = "\n\n".join([a.title, body[:cut].rstrip() + " […]", "Source link"])
        return self.doc("truncated-scrape", a.title, text, copies=(a.id,),
                        note=f"glued body cut at {cut} of {len(body)} characters")

    def spin(self, text: str, rate: float) -> str:
        """Synonym swaps word by word in place; names (capitalised) and numbers kept."""
        def swap(match: re.Match[str]) -> str:
            word = match.group(0)
            lower = word.lower()
            # Capitalised words are left alone: most are names, which spinners keep.
            if (not word.islower() or lower in _STOPWORDS or len(word) < 3
                    or self.rng.random() >= rate):
                return word
            options = self.synonyms.synonyms(lower.replace("’", "'"))[:2]
            return self.rng.choice(options) if options else word
        return _WORD.sub(swap, text)

    def spun(self, a: Article) -> GeneratedDoc:
        paras = [" ".join(self.spin(s, 0.6) for s in sentences(p)) for p in body_paragraphs(a)]
        return self.doc("spun", self.spin(a.title, 0.6), "\n\n".join(paras), copies=(a.id,),
                        note="thesaurus swaps in every sentence, quotations included")

    def translated(self, a: Article) -> GeneratedDoc:
        garbled = self.garble_names(a)
        title = self.translate(a.title, garbled)
        paras = [self.translate(p, garbled) for p in body_paragraphs(a)]
        return self.doc("translated", title, "\n\n".join(paras), copies=(a.id,),
                        note="simulated MT round trip: calques, contractions, swaps, "
                             "garbled names", changes={"names": garbled})

    def translate(self, text: str, names: dict[str, str]) -> str:
        text = text.replace("“", '"').replace("”", '"').replace("’", "'").replace("‘", "'")
        text = _apply(text, CONTRACTIONS)
        text = re.sub(r"\b([A-Z][a-z]+)'s ([a-z]{3,})\b",
                      lambda m: f"the {m.group(2)} of {m.group(1)}"
                      if self.rng.random() < 0.7 else m.group(0), text)
        text = _apply(text, MT_PHRASES)
        text = self.spin(text, 0.15)
        for name, garble in names.items():
            text = re.sub(rf"\b{re.escape(name)}\b", garble, text)
        return text

    def garble_names(self, a: Article) -> dict[str, str]:
        """Up to three of the names the article repeats most, each garbled one way
        throughout: capitalised inside a sentence, never written in lower case in it,
        and not a month, a day, a title or a nationality."""
        lower = {w for w in _WORD.findall(a.text) if w.islower()}
        counts: dict[str, int] = {}
        for m in re.finditer(r"(?<=[a-z,] )[A-Z][a-z]{3,}\b", a.text):
            name = m.group(0)
            if name.lower() not in lower and name not in _NOT_NAMES and not name.endswith(
                    ("an", "ans", "ese", "ish")):
                counts[name] = counts.get(name, 0) + 1
        frequent = sorted(counts, key=lambda n: (-counts[n], n))[:5]
        chosen = self.rng.sample(frequent, min(3, len(frequent)))
        return {name: _garble(name, self.rng, self.synonyms.vocabulary) for name in chosen}

    def teaser(self, a: Article) -> GeneratedDoc:
        # The lede: the first paragraph of prose, not a byline, a caption or a credit.
        paras = body_paragraphs(a)
        first = sentences(next((p for p in paras if len(p.split()) >= LEDE_WORDS
                                and not _NOT_LEDE.search(p)), paras[0]))
        lede = " ".join(first[: self.rng.choice((1, 2))])
        text = "\n\n".join([lede, self.rng.choice(READ_MORE)])
        return self.doc("teaser", a.title, text, copies=(a.id,), note="lede + read more")

    def digest(self, items: Sequence[Article]) -> GeneratedDoc:
        blocks = []
        for a in items:
            paras = [p for p in body_paragraphs(a) if len(p) >= 150] or body_paragraphs(a)
            blocks += [a.title, self.rng.choice(paras[:3])]
        return self.doc("digest", self.rng.choice(DIGEST_TITLES), "\n\n".join(blocks),
                        copies=tuple(a.id for a in items),
                        note=f"one paragraph of each of {len(items)} articles")

    def quote_share(self, a: Article, quote: str, filler: Article) -> GeneratedDoc:
        paras = body_paragraphs(filler)
        framed = self.rng.choice(QUOTE_FRAMES).format(q=quote.strip().rstrip(",.") + ".")
        at = min(2, len(paras))
        text = "\n\n".join([*paras[:at], framed, *paras[at:]])
        return self.doc("quote-share", filler.title, text, shares_quote_with=a.id,
                        note=f"filler article {filler.id} with a quotation of the article")


def _apply(text: str, table: dict[str, str]) -> str:
    """Whole-word, case-keeping replacement of every key, longest first, in one pass."""
    keys = sorted(table, key=len, reverse=True)
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, keys)) + r")\b", re.IGNORECASE)
    lowered = {k.lower(): v for k, v in table.items()}

    def repl(m: re.Match[str]) -> str:
        out = lowered[m.group(0).lower()]
        return out[0].upper() + out[1:] if m.group(0)[0].isupper() else out
    return pattern.sub(repl, text)


_ENDINGS = (("th", "s"), ("ck", "k"), ("ll", "l"), ("ff", "f"), ("ss", "s"), ("tt", "t"),
            ("ie", "y"), ("ey", "i"), ("er", "a"))


def _garble(name: str, rng: random.Random, vocabulary: frozenset[str]) -> str:
    """A machine translation's misreading of a name: a look-alike common word of the same
    length ("Rutte" → "Latte"), else a changed ending ("Hegseth" → "Hegses")."""
    lower = name.lower()
    if rng.random() < 0.4:
        alike = sorted(w for w in vocabulary if len(w) == len(lower) and w != lower
                       and w[-2:] == lower[-2:]
                       and sum(x != y for x, y in zip(w, lower, strict=True)) <= 2)
        if alike:
            return rng.choice(alike).capitalize()
    for old, new in _ENDINGS:
        if lower.endswith(old):
            return name[: len(name) - len(old)] + new
    return name[:-1] if len(name) > 5 else name + "e"


def make_copies(articles: Sequence[Article], seed: int, *, fillers: Sequence[Article] = (),
                synonyms: Any = None, digests: int | None = None,
                quote_shares: int | None = None) -> list[GeneratedDoc]:
    """Farm copies of ``articles``: ``COPIES_PER_ARTICLE`` single-article copies of each
    (kinds drawn at random), ``digests`` roundups (default: one per ten articles) and,
    from ``fillers`` (articles that are not in the corpus), ``quote_shares`` pages
    (default: one per ten articles) quoting an article that has a quotation of ten
    words or more. ``synonyms`` defaults to ``synonyms.SynonymTable()``."""
    if synonyms is None:
        from .synonyms import SynonymTable

        synonyms = SynonymTable()
    maker = _Maker(seed, synonyms)
    make = {"scrape": maker.scrape, "truncated-scrape": maker.truncated, "spun": maker.spun,
            "translated": maker.translated, "teaser": maker.teaser}
    out: list[GeneratedDoc] = []
    usable = [a for a in articles if body_paragraphs(a)]
    for a in usable:
        for kind in maker.rng.sample(SINGLE_KINDS, COPIES_PER_ARTICLE):
            out.append(make[kind](a))
    if len(usable) >= 3:
        for _ in range(len(usable) // 10 if digests is None else digests):
            size = maker.rng.randint(3, min(5, len(usable)))
            out.append(maker.digest(maker.rng.sample(usable, size)))
    quoted = [(a, m.group(1)) for a in usable if (m := _QUOTE.search(a.text))
              and len(m.group(1).split()) >= 10]
    wanted = len(usable) // 10 if quote_shares is None else quote_shares
    pool = [f for f in fillers if body_paragraphs(f)]
    for a, quote in maker.rng.sample(quoted, min(len(quoted), wanted)):
        if pool:
            out.append(maker.quote_share(a, quote, pool.pop(maker.rng.randrange(len(pool)))))
    return out
