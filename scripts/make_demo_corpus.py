#!/usr/bin/env python3
"""Build the small demo corpus that ships in ``unspun`` and that ``unspun demo`` scans.

Reads the news-bias evaluation data (``../shared/data/news-bias`` beside the repository,
or ``--data DIR``) and writes, deterministically:

* ``src/unspun/demo/corpus/articles.jsonl`` - real articles (real cross-site copy pairs,
  same-story coverage, unrelated distractors) plus four *simulated* copies
  (scraped, spun, round-trip "translated", excerpt) made here from real articles;
* ``src/unspun/demo/expected.json`` - what a correct scan should find (for tests only;
  the pipeline never reads it);
* ``src/unspun/demo/SOURCES.md`` - provenance, licence and how each simulated copy was made.

Run:  .venv/bin/python scripts/make_demo_corpus.py
The output depends only on the input files: no randomness beyond a fixed seed, no network.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gzip
import hashlib
import itertools
import json
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "news-bias"
OUT_DIR = REPO / "src" / "unspun" / "demo"
SEED = "unspun-demo-2024"

# --------------------------------------------------------------------------------------
# Selection (chosen by hand after measuring 5-gram containment and reading the titles;
# every choice is re-verified below and the build fails if the data disagrees).
# --------------------------------------------------------------------------------------

# Real cross-site copy pairs from copy_pairs.tsv (id_a, id_b as in the file).
REAL_PAIRS: list[tuple[str, str]] = [
    ("alNaerSF4wSmafd1", "hLJTwX29AEClgy3a"),  # 0.993 Gaza truce 2012, Fox / Politico (AP)
    ("2z3VCwRWRl1cRdua", "3eACOXS7VwNWNIoS"),  # 0.988 IG watchdog fired, Boston Herald / AP
    ("NOBNbN7kmbAqFzrY", "SYPeGeWE4H1uV8ts"),  # 0.965 Clinton emails, Guardian / Fox (AP)
    ("SU71oJG2tNQT60RV", "Vwtbo94QbhCojfdb"),  # 0.874 Murkowski, Guardian / Reuters
    ("OwN5m6aTzodMK8Xa", "v9aR4HZQOPviqqr8"),  # 0.847 syndicated op-ed, Courier-Journal / USA Today
    ("RHQbQZCjwWNSwPzV", "j6yJvAL7c9Si7lXb"),  # 0.783 Clinton email probe, Daily Mail / AP
    ("DkQ4OrtC0OITk2R2", "Hxh0WbJz33iyQVv5"),  # 0.746 Barr testimony, Washington Times / AP
    ("DkQ4OrtC0OITk2R2", "mKfCFGUQ3L7ue61K"),  # 0.653 Barr testimony, Washington Times / Fox
    ("Hxh0WbJz33iyQVv5", "mKfCFGUQ3L7ue61K"),  # 0.532 Barr testimony, AP / Fox
    ("YyBA68nd3FZ6rWW0", "kB6PoJDUeTIR16ph"),  # 0.705 Cuba cruises, Daily Mail / AP
    ("VkjL5MTB2Q6Ym5Bt", "Xeu9i2R93p8gbSPG"),  # 0.567 arms to Kurds, Fox / Washington Times
]

# What the texts themselves say about direction (bylines, credits, URLs). None when both
# sides carry the same wire story and the wire original is not in the corpus.
PROVENANCE: dict[tuple[str, str], tuple[str | None, str]] = {
    ("alNaerSF4wSmafd1", "hLJTwX29AEClgy3a"): (
        None,
        "Both carry the same AP story (Politico keeps the '(AP)' dateline); the AP original "
        "is not in the corpus.",
    ),
    ("2z3VCwRWRl1cRdua", "3eACOXS7VwNWNIoS"): (
        "3eACOXS7VwNWNIoS",
        "Boston Herald runs an updated version of the AP story (AP byline and '(AP)' "
        "dateline, dated a day later).",
    ),
    ("NOBNbN7kmbAqFzrY", "SYPeGeWE4H1uV8ts"): (
        None,
        "Both appear to be the same wire report, same day; no original in the corpus.",
    ),
    ("SU71oJG2tNQT60RV", "Vwtbo94QbhCojfdb"): (
        None,
        "Same text under two headlines on the same day; probably Reuters' story, but "
        "the Guardian text does not credit it.",
    ),
    ("OwN5m6aTzodMK8Xa", "v9aR4HZQOPviqqr8"): (
        "OwN5m6aTzodMK8Xa",
        "Syndicated op-ed by Scott Jennings; the USA Today copy ends 'This column first "
        "appeared in the Louisville Courier Journal' and is dated a day later.",
    ),
    ("RHQbQZCjwWNSwPzV", "j6yJvAL7c9Si7lXb"): (
        "j6yJvAL7c9Si7lXb",
        "The Daily Mail URL slug is the AP headline ('38 people cited for violations in "
        "Clinton email probe'), but the Daily Mail copy is dated a day EARLIER than the "
        "AP article in the data: dates alone point the wrong way.",
    ),
    ("DkQ4OrtC0OITk2R2", "Hxh0WbJz33iyQVv5"): (
        "Hxh0WbJz33iyQVv5",
        "Washington Times text is the AP story ('Associated Press writer Eric Tucker "
        "contributed'); same date.",
    ),
    ("DkQ4OrtC0OITk2R2", "mKfCFGUQ3L7ue61K"): (
        None,
        "Both reuse the AP story (Hxh0WbJz33iyQVv5); the Fox News article has no date and "
        "credits 'The Associated Press contributed to this report'.",
    ),
    ("Hxh0WbJz33iyQVv5", "mKfCFGUQ3L7ue61K"): (
        "Hxh0WbJz33iyQVv5",
        "Fox News article (undated) is longer and credits 'The Associated Press "
        "contributed to this report'.",
    ),
    ("YyBA68nd3FZ6rWW0", "kB6PoJDUeTIR16ph"): (
        "kB6PoJDUeTIR16ph",
        "Daily Mail republication of the AP story (same date; the Daily Mail text quotes "
        "a statement 'to The Associated Press').",
    ),
    ("VkjL5MTB2Q6Ym5Bt", "Xeu9i2R93p8gbSPG"): (
        None,
        "Both build on the same AP scoop (Washington Times keeps the '(AP)' dateline, Fox "
        "credits AP); the AP original is not in the corpus.",
    ),
}

# Same-story coverage: articles by different outlets about one event, found by TF-IDF
# cosine between articles dated within a day of each other, checked by reading titles.
# Two of the groups contain a real copy family next to independent coverage.
STORY_GROUPS: list[dict] = [
    {
        "story": "bergdahl-2014",
        "event": "Obama defends the Bowe Bergdahl prisoner exchange (3 June 2014)",
        "members": ["I9E5fBo2oHeQR1zP", "vs4w5kKXeS6usNC7", "t452q0NKhSwHfG5B", "UuGWBQmp6NzkNzz4"],
    },
    {
        "story": "sessions-kislyak-2017",
        "event": "Jeff Sessions' undisclosed meetings with the Russian ambassador (1-2 March 2017)",
        "members": ["KOsSZgeM5kAuuBs6", "sQBT9acjbU0UNBYq", "OLl4TAQKWsiHHmkf", "lOc3zyHqEaPtJFkx"],
    },
    {
        "story": "faithless-electors-2020",
        "event": "Supreme Court rules states may bind 'faithless electors' (6 July 2020)",
        "members": ["KZfU09b26zc0QC6w", "NuQkifNQdllu0Kac", "UpbBBRyukOZcOl6T"],
    },
    {
        "story": "oregon-refuge-2016",
        "event": "Armed occupation of the Malheur wildlife refuge, Oregon (2-4 January 2016)",
        "members": ["5EHGGfbbzj2H1r0T", "Y5l3g6tiKmctN9ws", "hEXVpzZQaFGPyNWl"],
    },
    {
        "story": "atkinson-firing-2020",
        "event": "Trump fires intelligence inspector general Michael Atkinson (3-5 April 2020)",
        "members": ["gfXwHbwexkpFMxem", "3eACOXS7VwNWNIoS", "2z3VCwRWRl1cRdua"],
    },
    {
        "story": "kurds-arms-2014",
        "event": "US sends arms to Kurdish forces in Iraq (11 August 2014)",
        "members": ["VkjL5MTB2Q6Ym5Bt", "Xeu9i2R93p8gbSPG", "TLFCLuZRN2mX69j7"],
    },
]

N_DISTRACTORS_DATED = 10
N_DISTRACTORS_UNDATED = 2

# --------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------

TOKEN = re.compile(r"\w+")
MOJIBAKE = re.compile(r"Ã|â€|Â|\ufffd|\w\?s\b")


def shingles(text: str, n: int = 5) -> set[tuple[str, ...]]:
    words = TOKEN.findall(text.lower())
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def containment(a: str, b: str) -> float:
    """|A & B| / min(|A|, |B|) over lowercase word 5-gram sets (as in copy_pairs.tsv)."""
    sa, sb = shingles(a), shingles(b)
    return len(sa & sb) / max(1, min(len(sa), len(sb)))


def directional(a: str, b: str) -> tuple[float, float]:
    """(share of a's 5-grams found in b, share of b's 5-grams found in a)."""
    sa, sb = shingles(a), shingles(b)
    inter = len(sa & sb)
    return inter / max(1, len(sa)), inter / max(1, len(sb))


def norm_date(raw: str | None) -> str | None:
    raw = (raw or "").strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw) and "1990" < raw < "2100":
        return raw
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{2})", raw)
    if m:
        return f"20{m[3]}-{int(m[1]):02d}-{int(m[2]):02d}"
    return None


def add_days(date: str, days: int) -> str:
    return (dt.date.fromisoformat(date) + dt.timedelta(days=days)).isoformat()


def site_of(article: dict) -> str:
    site = article["site"].lower()
    return site[4:] if site.startswith("www.") else site


def r3(x: float) -> float:
    return round(x, 3)


def apply_table(text: str, table: dict[str, str]) -> str:
    """Replace every table key (whole words/phrases) in one left-to-right pass.

    Longest keys win; a replaced span is never rewritten again.  Case of the first letter
    follows the original (``Believe`` -> ``Feel``), all-caps stays all-caps.
    """
    keys = sorted(table, key=len, reverse=True)
    pattern = re.compile(
        r"(?<!\w)(" + "|".join(re.escape(k) for k in keys) + r")(?!\w)", re.IGNORECASE
    )

    def repl(m: re.Match) -> str:
        src = m.group(0)
        key = next(k for k in table if k.lower() == src.lower())
        out = table[key]
        if src.isupper() and len(src) > 1 and not key.isupper():
            return out.upper()
        if key[
            0
        ].isupper():  # proper noun or capitalised phrase: as written, unless matched in lower case
            return out if src[0].isupper() else out[0].lower() + out[1:]
        if src[0].isupper():
            return out[0].upper() + out[1:]
        return out

    return pattern.sub(repl, text)


SENT_SPLIT = re.compile(
    r"(?<!\bU\.S\.)(?<!\b[A-Z]\.)(?<!\bSgt\.)(?<!\bGen\.)(?<!\bSen\.)(?<!\bRep\.)(?<!\bMr\.)(?<!\bMs\.)"
    r"(?:(?<=[.!?])|(?<=[.!?][”\"]))\s+(?=[A-Z“\"(])"
)


def sentences(paragraph: str) -> list[str]:
    return [s for s in SENT_SPLIT.split(paragraph) if s]


# --------------------------------------------------------------------------------------
# Simulated copies
# --------------------------------------------------------------------------------------

SPAM_LINE = "Shopify is the best solution for dropshipping, start today!"


def make_scraped(orig: dict) -> tuple[str, str]:
    """Content-farm scrape: spam, title x3, glued body, body again paragraph by paragraph."""
    paras = [p.strip() for p in orig["text"].split("\n\n") if p.strip()]
    glued = " ".join(paras)
    tags = "#news #politics #oregon #militia #fbi #breaking"
    blocks = [
        SPAM_LINE,
        orig["title"],
        orig["title"],
        orig["title"],
        glued,
        *paras,
        SPAM_LINE,
        "Source link",
        tags,
    ]
    return orig["title"], "\n\n".join(blocks)


# Hand-written synonym table for the "spun" copy (applied sentence by sentence, quotations
# included, so several direct quotes come out reworded).
SPIN_TABLE = {
    "refused": "declined",
    "complex": "complicated",
    "decides": "determines",
    "outcome": "result",
    "force them": "compel them",
    "support": "back",
    "unanimously": "without dissent",
    "rejected": "dismissed",
    "idea": "notion",
    "exercise discretion": "use their own judgment",
    "potential": "possible",
    "complicating factor": "complication",
    "seeks re-election": "is seeking a second term",
    "sided with": "backed",
    "imposed penalties on": "penalized",
    "defied pledges": "broke promises",
    "ruling": "decision",
    "decision": "verdict",
    "fundamental principle": "basic principle",
    "should matter": "ought to count",
    "threaten": "endanger",
    "integrity": "soundness",
    "subverting": "undermining",
    "opening the door to": "inviting",
    "argued": "contended",
    "requires": "obliges",
    "prevent": "stop",
    "unfit": "unsuitable",
    "text": "wording",
    "nation’s": "country’s",
    "national": "nationwide",
    "allowing": "permitting",
    "enforce": "uphold",
    "typically": "usually",
    "loyalists": "faithful",
    "follow through on": "honor",
    "cast ballots": "voted",
    "an unusually high": "a remarkably large",
    "could have changed": "might have altered",
    "defeated": "beat",
    "despite": "in spite of",
    "barebones": "minimal",
    "trusty transmitters": "reliable messengers",
    "disappointed": "dissatisfied",
    "glad": "pleased",
    "resolved": "settled",
    "launched": "started",
    "regardless of": "irrespective of",
    "critical": "vital",
    "upheld": "affirmed",
    "lawful": "legal",
    "violate": "breach",
    "reversed": "overturned",
    "cancellation": "annulment",
    "awarding": "giving",
    "intended to": "meant to",
    "control": "govern",
    "a handful": "a small number",
    "makes clear": "clarifies",
    "invalidate": "void",
    "believe": "feel",
    "votes count": "votes matter",
    "reaffirmed": "confirmed",
    "sought to persuade": "tried to convince",
    "disregard": "ignore",
    "moderate": "centrist",
    "even though": "although",
    "restricts": "limits",
    "restricting": "limiting",
    "prevented": "stopped",
    "presidential contests": "White House races",
    # everyday words a spinner swaps too (raises the share of changed 5-grams)
    "said": "stated",
    "court": "tribunal",
    "justices": "judges",
    "popular vote": "public vote",
    "candidate": "nominee",
    "nominee": "candidate",
    "winner": "victor",
    "presidential elections": "presidential races",
    "pledges": "promises",
    "pledge": "promise",
    "ballots": "votes",
    "plaintiffs": "claimants",
    "lawyer": "attorney",
    "legal question": "legal issue",
    "laws": "statutes",
    "officials": "authorities",
    "history": "past",
    "long": "lengthy",
    "help": "assist",
    "system": "mechanism",
    "systems": "mechanisms",
    "process": "procedure",
    "act on behalf of": "act for",
    "occurs": "takes place",
    "go the polls": "head to the polls",
    "erased": "removed",
    "choosing": "selecting",
    "will of the electorate": "wishes of voters",
    "corruption": "graft",
    "independent judgment": "independent thinking",
    "taking office": "assuming office",
    "choice": "pick",
    "amassing": "gathering",
    "securing": "winning",
    "allotted": "assigned",
    "gets the most votes": "receives the most ballots",
    "someone other than": "somebody besides",
    "number": "figure",
    "previous": "earlier",
    "margin": "tally",
    "nationally": "across the country",
    "about": "roughly",
    "discretion": "latitude",
    "acting as": "serving as",
    "decisions": "choices",
    "representing": "acting for",
    "goes against": "defies",
    "deny": "deprive",
    "presidency": "White House",
    "won": "carried",
    "wins": "carries",
    "free": "release",
    "determined": "decided",
    "electoral votes": "electoral ballots",
    "state laws": "state statutes",
    "the idea": "the notion",
    "rulings are issued": "decisions are handed down",
    "walks along": "strolls along",
    "major cases": "big cases",
    "several": "a number of",
    "challenger": "rival",
    "democracy": "self-government",
    "Democratic electors": "Democratic members of the Electoral College",
}
SPIN_NUMBER = ("10 of the 538 electors", "12 of the 538 electors")
REORDER_LEAD = re.compile(r"^(Under|In|After|When|Through|Despite) ([^,]{8,120}), (.+)\.$")
REORDER_ATTRIB = re.compile(r"^“(.+),” ([A-Z][\w.’ ]{1,40}?) (said|added|wrote)\.$")


def spin_sentence(s: str) -> str:
    s = apply_table(s, SPIN_TABLE)
    m = REORDER_ATTRIB.match(s)
    if m:  # “Quote,” Name added.  ->  Name added: “Quote.”
        return f"{m[2]} {m[3]}: “{m[1]}.”"
    m = REORDER_LEAD.match(s)
    if m:  # Under X, Y.  ->  Y under X.
        rest = m[3]
        return f"{rest[0].upper()}{rest[1:]}, {m[1].lower()} {m[2]}."
    return s


def make_spun(orig: dict) -> tuple[str, str]:
    text = orig["text"].replace(*SPIN_NUMBER)
    assert SPIN_NUMBER[1] in text, "number to change not found in the spun source"
    out = []
    for para in text.split("\n\n"):
        out.append(" ".join(spin_sentence(s) for s in sentences(para.strip())))
    title = apply_table(orig["title"], SPIN_TABLE)
    return title, "\n\n".join(out)


# Simulated round-trip machine translation: NOT a real MT system.  A small table of
# phrase substitutions and word-order changes typical of English->X->English output,
# plus garbled names.
NAME_TABLE = {
    "Bowe Bergdahl": "Bowe Bergdal",  # surname loses a letter
    "Bergdahl’s": "Bergdal’s",
    "Bergdahl": "Bergdal",
    "Mike Rogers": "Mike Rodgers",  # surname gains a letter
    "Rogers": "Rodgers",
    "Martin Dempsey": "Martin Dumpster",  # similar-sounding word replaces the surname
    "Dempsey": "Dumpster",
    "Jonathan Topaz": "Jonathan Topace",
}
MT_TABLE = {
    "defended his administration’s efforts": "defended the efforts of his administration",
    "press conference": "press meeting",
    "the first stop on a three-country European trip": "first stage of a European tour of three countries",
    "pretty sacred rule": "rather sacred ruler",
    "we don’t leave our men or women in uniform behind": "we do not let behind our men or women in uniform",
    "dates back to the earliest days": "goes back to the first days",
    "Regardless of the circumstances": "Independently of the circumstances",
    "Period. Full stop.": "Point. Final stop.",
    "We don’t condition that": "We do not put conditions on this",
    "congressional Republicans": "the Republicans of the Congress",
    "voicing their dismay": "expressing their consternation",
    "a prisoner swap": "an exchange of prisoners",
    "prisoner swap": "exchange of prisoners",
    "defends Bowe Bergdahl deal": "defends the agreement of Bowe Bergdal",
    "defends Bergdahl deal": "defends the agreement of Bergdal",
    "the standard 30 days of advance notice": "the 30 days of notice in advance which are standard",
    "asserted": "affirmed",
    "for some time": "since some time",
    "had made clear": "had made it clear",
    "quick action": "rapid action",
    "House Intelligence Committee Chairman": "The President of the Committee of Intelligence of the House",
    "pushed back on that assertion": "rejected this affirmation",
    "hadn’t heard from": "had not heard of",
    "I don’t know what he means": "I do not know what he wants to say",
    "in response Obama’s comments": "in answer to the comments of Obama",
    "did come up and present a plan": "came and presented a plan",
    "in a bipartisan way": "in a manner bipartisan",
    "pushed back": "repelled",
    "did not tell lawmakers": "did not say to the legislators",
    "stood triumphantly": "was standing triumphant",
    "Rose Garden": "Garden of Roses",
    "argued": "sustained",
    "did what was right and appropriate": "made what was just and appropriate",
    "bring an American home": "bring an American to the house",
    "We saw an opportunity": "We have seen an opportunity",
    "were concerned about": "were worried for",
    "seized that opportunity": "grabbed this occasion",
    "did not miss that window": "did not lose this window",
    "has been the target of criticism": "has been the object of critics",
    "some who served with him": "some who have served with him",
    "walked off his base": "walked out of his base",
    "immediate focus": "immediate attention",
    "We obviously have not been interrogating": "Obviously we have not interrogated",
    "the president said": "said the president",
    "Chairman of the Joint Chiefs of Staff": "President of the Joint Chiefs of Staff",
    "writing on Facebook early Tuesday": "writing on Facebook on Tuesday morning",
    "last, best opportunity": "last and best occasion",
    "innocent until proven guilty": "innocent until the proof of guilt",
    "will not look away from misconduct": "will not look in another direction from bad conduct",
    "Pressed on whether": "Pressured on the question of whether",
    "court martial": "martial court",
    "was still premature": "was premature still",
    "main priority": "principal priority",
    "Guantanamo Bay, Cuba": "the Bay of Guantanamo in Cuba",
    "poses a threat to": "poses a menace for",
    "keeping eyes on them": "keeping the eyes on them",
    "Absolutely.": "Absolutely yes.",
    "recidivism rate": "rate of recidivism",
    "contributed to this report": "contributed to this reportage",
    "Sgt.": "Sergeant",
    # everyday words and phrases (raise the share of changed 5-grams)
    "said": "declared",
    "administration": "government",
    "possibility": "eventuality",
    "circumstances": "conditions",
    "held in captivity": "retained in captivity",
    "notified": "informed",
    "consulting with": "consulting",
    "included": "comprised",
    "formal notification": "official notification",
    "happen": "take place",
    "necessary move": "necessary step",
    "opportunity": "occasion",
    "cooperation": "collaboration",
    "execute": "carry out",
    "argue": "sustain",
    "guilty of desertion": "culpable of desertion",
    "allegedly": "supposedly",
    "unarmed": "without arms",
    "expressing concerns": "expressing worries",
    "acknowledged": "recognized",
    "questions surrounding": "questions around",
    "officials": "responsables",
    "helping": "aiding",
    "recover": "recuperate",
    "stresses": "tensions",
    "recovering": "recuperating",
    "concerns": "preoccupations",
    "conduct": "behaviour",
    "separate from": "distinct from",
    "service member": "member of the service",
    "enemy captivity": "captivity of the enemy",
    "likely": "probably",
    "free him": "liberate him",
    "In the meantime": "Meanwhile",
    "continue to care for": "continue to take care of",
    "Finally": "At last",
    "worked to find him": "worked for finding him",
    "prepared to rescue him": "prepared themselves for rescuing him",
    "ultimately": "finally",
    "put themselves at risk": "put themselves in danger",
    "outcome": "result",
    "observers": "observators",
    "at this point": "at this moment",
    "making sure": "assuring",
    "undergoing": "living",
    "is successful": "is a success",
    "responded": "answered",
    "claims": "allegations",
    "agreeing to the release": "accepting the liberation",
    "release": "liberation",
    "for years": "during years",
    "conditioned on": "conditioned to",
    "monitor their activities": "survey their activities",
    "trying to return": "trying to come back",
    "detrimental to us": "harmful for us",
    "takes place": "has place",
    "in a position to": "in measure to",
    "go after them": "pursue them",
    "are engaging in": "are engaged in",
    "threaten our defenses": "menace our defenses",
    "what was most important": "that which was most important",
    "bringing an American soldier home": "bringing back home an American soldier",
    "Story Continued Below": "The story continues below",
    "Politicians and pundits": "Politicians and experts",
    "What you don't know": "What you do not know",
    "'A price'": "'A prize'",
    "He says his administration has consulted": "He says that his government consulted",
    "criticism": "critics",
    "prisoner exchange": "exchange of prisoners",
    "prisoner transfer": "transfer of prisoners",
    "press conference in Warsaw, Poland": "press meeting in Warsaw, in Poland",
    "Pressed": "Pressured",
    "an outcome that’s been raised by some observers": "a result that has been raised by some observators",
    "the target of": "the object of",
    "position": "measure",
    "detained": "retained",
    "whatever": "whichever",
    "still": "always",
    "if he’s": "if he is",
    "he’s": "he is",
    "We will be": "We are going to be",
    "we will continue": "we are going to continue",
    "Bergdahl will face": "Bergdal is going to face",
    "concerned": "worried",
    "deal": "agreement",
    "don’t": "do not",
    "hadn’t": "had not",
    "wouldn’t": "would not",
    "that’s": "that is",
    "Tuesday": "this Tuesday",
    "lawmakers": "legislators",
}


def make_translated(orig: dict) -> tuple[str, str]:
    table = {**MT_TABLE, **NAME_TABLE}
    text = apply_table(orig["text"], table)
    title = apply_table(orig["title"], table)
    return title, text


def make_excerpt(orig: dict) -> tuple[str, str]:
    """The first third of the article (whole paragraphs), verbatim."""
    paras = [p for p in orig["text"].split("\n\n")]
    target = len(orig["text"]) / 3
    out, size = [], 0
    for p in paras:
        if size >= target:
            break
        out.append(p)
        size += len(p) + 2
    return orig["title"], "\n\n".join(out).strip()


SIMULATED = [
    {
        "id": "sim-scraped-1",
        "source": "5EHGGfbbzj2H1r0T",
        "make": make_scraped,
        "kind": "verbatim",
        "acceptable_kinds": ["verbatim", "near-duplicate"],
        "partial": False,
        "url": "https://dailynewsfarm.example/2016/01/05/fbi-seeks-peaceful-end-oregon-wildlife-refuge/",
        "site": "dailynewsfarm.example",
        "days_after": 1,
        "description": (
            "SIMULATED scraped copy of the Reuters article: an injected spam line "
            f"('{SPAM_LINE}') at the head, the title repeated three times, the whole body "
            "glued into one paragraph, then the body again paragraph by paragraph, the spam "
            "line again, a 'Source link' line and a hashtag tail. The article text itself is unchanged."
        ),
    },
    {
        "id": "sim-spun-1",
        "source": "KZfU09b26zc0QC6w",
        "make": make_spun,
        "kind": "spun",
        "acceptable_kinds": ["spun"],
        "partial": False,
        "url": "https://dailynewsfarm.example/2020/07/07/supreme-court-limits-faithless-electors/",
        "site": "dailynewsfarm.example",
        "days_after": 1,
        "description": (
            "SIMULATED spun copy of the Reuters article: every sentence passed through a "
            "hand-written synonym table (also inside direct quotations, e.g. Griswold's "
            "'People believe that their votes count' becomes 'People feel that their votes "
            "matter', Kagan's 'The Constitution's text ... support allowing' becomes "
            "'The Constitution's wording ... back permitting'), quote attributions "
            "reordered ('\u201cQ,\u201d X added.' -> 'X added: \u201cQ.\u201d'), sentences "
            "opening with 'Under/In/After ...,' have the opening clause moved to the end, "
            "and one number changed ('10 of the 538 electors' -> '12 of the 538 electors')."
        ),
    },
    {
        "id": "sim-translated-1",
        "source": "I9E5fBo2oHeQR1zP",
        "make": make_translated,
        "kind": "translated",
        "acceptable_kinds": ["translated", "spun"],
        "partial": False,
        "url": "https://worldnews24.example/politics/obama-defends-agreement-bowe-bergdal",
        "site": "worldnews24.example",
        "days_after": 2,
        "description": (
            "SIMULATED round-trip machine translation of the Politico article (a simulation "
            "by a small hand-written substitution table, NOT the output of a real MT system): "
            "phrase substitutions and word-order changes typical of English->X->English "
            "('prisoner swap' -> 'exchange of prisoners', 'House Intelligence Committee "
            "Chairman' -> 'The President of the Committee of Intelligence of the House', "
            "'don't' -> 'do not'), a meaning error ('pretty sacred rule' -> 'rather sacred "
            "ruler'), altered quotations, and garbled names ('Bergdahl' -> 'Bergdal', "
            "'Mike Rogers' -> 'Mike Rodgers', 'Martin Dempsey' -> 'Martin Dumpster', "
            "'Jonathan Topaz' -> 'Jonathan Topace')."
        ),
    },
    {
        "id": "sim-excerpt-1",
        "source": "OLl4TAQKWsiHHmkf",
        "make": make_excerpt,
        "kind": "verbatim",
        "acceptable_kinds": ["verbatim", "near-duplicate"],
        "partial": True,
        "url": "https://headlinedigest.example/news/sessions-russian-ambassador-meetings",
        "site": "headlinedigest.example",
        "days_after": 3,
        "description": (
            "SIMULATED excerpt: the first third of the CNN article (whole paragraphs, "
            "verbatim, same title) republished on another site three days later."
        ),
    },
]

# --------------------------------------------------------------------------------------


def load(data_dir: Path) -> tuple[dict[str, dict], dict[frozenset, dict]]:
    arts = {}
    with gzip.open(data_dir / "articles.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            arts[d["id"]] = d
    pairs = {}
    with open(data_dir / "copy_pairs.tsv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            pairs[frozenset((row["id_a"], row["id_b"]))] = row
    return arts, pairs


def pick_distractors(arts: dict, pairs: dict, chosen: list[str]) -> list[str]:
    in_pairs = set().union(*pairs)
    chosen_dates = [
        dt.date.fromisoformat(d) for d in (norm_date(arts[i]["date"]) for i in chosen) if d
    ]
    chosen_sh = [shingles(arts[i]["text"]) for i in chosen]
    order = sorted(arts, key=lambda i: hashlib.sha256(f"{SEED}:{i}".encode()).hexdigest())
    dated, undated = [], []
    for i in order:
        a = arts[i]
        if i in in_pairs or i in chosen:
            continue
        if (
            not (1500 <= len(a["text"]) <= 5000)
            or not a["title"].strip()
            or not a["url"].startswith("http")
        ):
            continue
        if (
            MOJIBAKE.search(a["text"])
            or MOJIBAKE.search(a["title"])
            or a["title"].startswith("OPINION")
        ):
            continue
        date = norm_date(a["date"])
        if date:
            if len(dated) >= N_DISTRACTORS_DATED:
                continue
            d = dt.date.fromisoformat(date)
            if any(abs((d - c).days) <= 10 for c in chosen_dates):
                continue
        elif len(undated) >= N_DISTRACTORS_UNDATED or a["date"].strip():
            continue
        sh = shingles(a["text"])
        if any(len(sh & c) / max(1, min(len(sh), len(c))) > 0.05 for c in chosen_sh):
            continue
        (dated if date else undated).append(i)
        chosen_sh.append(sh)
        if len(dated) >= N_DISTRACTORS_DATED and len(undated) >= N_DISTRACTORS_UNDATED:
            break
    return dated + undated


def record(article: dict) -> dict:
    rec = {"id": article["id"], "url": article["url"], "title": article["title"].strip()}
    date = norm_date(article["date"])
    if date:
        rec["published"] = date
    rec["text"] = article["text"].strip()
    rec["site"] = site_of(article)
    return rec


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="news-bias data directory")
    ap.add_argument("--out", type=Path, default=OUT_DIR, help="demo package directory")
    args = ap.parse_args(argv)

    arts, tsv = load(args.data)

    # ---- real articles ---------------------------------------------------------------
    pair_ids = [i for p in REAL_PAIRS for i in p]
    group_ids = [i for g in STORY_GROUPS for i in g["members"]]
    core = list(dict.fromkeys(pair_ids + group_ids))
    distractors = pick_distractors(arts, tsv, core)
    real_ids = core + distractors
    records = {i: record(arts[i]) for i in real_ids}

    # ---- verify the real pairs against copy_pairs.tsv and our own measurement ---------
    real_pairs_out = []
    for a, b in REAL_PAIRS:
        row = tsv[frozenset((a, b))]
        c = containment(arts[a]["text"], arts[b]["text"])
        assert abs(c - float(row["containment"])) < 0.002, (a, b, c, row)
        ca, cb = directional(arts[a]["text"], arts[b]["text"])
        da, db = norm_date(arts[a]["date"]), norm_date(arts[b]["date"])
        if c >= 0.95:
            kinds, partial = ["verbatim", "near-duplicate"], False
        else:
            kinds, partial = ["near-duplicate", "verbatim"], None  # edited and/or partial reuse
        real_pairs_out.append(
            {
                "a": a,
                "b": b,
                "site_a": records[a]["site"],
                "site_b": records[b]["site"],
                "published_a": da,
                "published_b": db,
                "containment": float(row["containment"]),
                "jaccard": float(row["jaccard"]),
                "share_of_a_in_b": r3(ca),
                "share_of_b_in_a": r3(cb),
                "acceptable_kinds": kinds,
                "partial": partial,
                "likely_original": PROVENANCE[(a, b)][0],
                "provenance_note": PROVENANCE[(a, b)][1],
            }
        )

    # ---- same-story groups: no other copy relation inside beyond the listed ones ------
    listed = {frozenset(p) for p in REAL_PAIRS}
    groups_out = []
    for g in STORY_GROUPS:
        assert len({arts[i]["source"] for i in g["members"]}) == len(g["members"]), g
        overlaps = []
        for a, b in itertools.combinations(g["members"], 2):
            c = containment(arts[a]["text"], arts[b]["text"])
            if frozenset((a, b)) in listed:
                continue
            assert c < 0.5, (a, b, c)
            overlaps.append(c)
        groups_out.append(
            {
                "story": g["story"],
                "event": g["event"],
                "members": [
                    {
                        "id": i,
                        "site": records[i]["site"],
                        "title": records[i]["title"],
                        "published": records[i].get("published"),
                    }
                    for i in g["members"]
                ],
                "copy_pairs_inside": [list(p) for p in REAL_PAIRS if set(p) <= set(g["members"])],
                "max_containment_between_independent_members": r3(max(overlaps)),
            }
        )

    # ---- simulated copies ---------------------------------------------------------------
    sims_out, sim_records = [], {}
    for spec in SIMULATED:
        orig = records[spec["source"]]
        title, text = spec["make"](orig)
        rec = {"id": spec["id"], "url": spec["url"], "title": title}
        if "published" in orig:
            rec["published"] = add_days(orig["published"], spec["days_after"])
        rec["text"] = text
        rec["site"] = spec["site"]
        rec["simulated"] = spec["description"]
        sim_records[spec["id"]] = rec
        copy_in_orig, orig_in_copy = directional(text, orig["text"])
        sims_out.append(
            {
                "copy": spec["id"],
                "original": spec["source"],
                "kind": spec["kind"],
                "acceptable_kinds": spec["acceptable_kinds"],
                "partial": spec["partial"],
                "published_copy": rec.get("published"),
                "published_original": orig.get("published"),
                "containment": r3(containment(text, orig["text"])),
                "share_of_copy_in_original": r3(copy_in_orig),
                "share_of_original_in_copy": r3(orig_in_copy),
                "description": spec["description"],
            }
        )

    for g in groups_out:
        members = {m["id"] for m in g["members"]}
        g["simulated_copies_in_story"] = [x["copy"] for x in sims_out if x["original"] in members]

    # ---- no unexpected copies anywhere in the corpus ----------------------------------
    everything = {**records, **sim_records}
    expected_pairs = listed | {frozenset((s["copy"], s["original"])) for s in sims_out}
    sh = {i: shingles(r["text"]) for i, r in everything.items()}
    unexpected = []
    for a, b in itertools.combinations(sorted(everything), 2):
        inter = len(sh[a] & sh[b])
        c = inter / max(1, min(len(sh[a]), len(sh[b])))
        if c >= 0.3 and frozenset((a, b)) not in expected_pairs:
            unexpected.append((a, b, r3(c)))
    # A copy of a member of a copy family also overlaps the rest of that family: allowed.
    sim_family = {s["copy"]: s["original"] for s in sims_out}
    unexpected = [u for u in unexpected if not (u[0] in sim_family or u[1] in sim_family)]
    assert not unexpected, unexpected

    # ---- write ----------------------------------------------------------------------
    corpus_dir = args.out / "corpus"
    corpus_dir.mkdir(parents=True, exist_ok=True)
    lines = [everything[i] for i in sorted(everything, key=lambda i: (i.startswith("sim-"), i))]
    with open(corpus_dir / "articles.jsonl", "w", encoding="utf-8", newline="\n") as fh:
        for rec in lines:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")

    expected = {
        "description": (
            "What a correct scan of the unspun demo corpus should find. For tests only; the "
            "pipeline never reads this file. Containment = |A&B|/min(|A|,|B|) over lowercase "
            "word 5-gram sets (\\w+ tokens). Generated by scripts/make_demo_corpus.py."
        ),
        "corpus": "corpus/articles.jsonl",
        "n_documents": len(everything),
        "n_real": len(records),
        "n_simulated": len(sim_records),
        "real_copy_pairs": real_pairs_out,
        "simulated_copies": sims_out,
        "same_story_groups": groups_out,
        "distractors": distractors,
    }
    (args.out / "expected.json").write_text(
        json.dumps(expected, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    (args.out / "SOURCES.md").write_text(
        sources_md(arts, records, real_pairs_out, groups_out, sims_out, distractors),
        encoding="utf-8",
    )

    size = (corpus_dir / "articles.jsonl").stat().st_size
    print(
        f"wrote {len(everything)} documents ({len(records)} real, {len(sim_records)} simulated), "
        f"{size / 1024:.0f} KiB -> {corpus_dir / 'articles.jsonl'}"
    )
    return 0


def sources_md(arts, records, pairs, groups, sims, distractors) -> str:
    def outlet(i: str) -> str:
        return arts[i]["source"].strip()

    out = [
        "# Sources of the demo corpus",
        "",
        "`corpus/articles.jsonl` is generated by `scripts/make_demo_corpus.py` (deterministic;",
        "re-run it to reproduce the file byte for byte). It holds "
        f"{len(records)} real news articles and {len(sims)} **simulated** copies.",
        "",
        "## Licence",
        "",
        "The real articles come from the news-bias data set compiled by Ramy Baly et al.,",
        "[ramybaly/Article-Bias-Prediction](https://github.com/ramybaly/Article-Bias-Prediction),",
        "released under the **Apache-2.0** licence (the compilation). The article texts remain",
        "the property of their publishers; they are included here, unchanged except for",
        "surrounding whitespace, as a small sample for demonstrating copy detection.",
        "Ids are the ids of that compilation as used in `shared/data/news-bias`; `site` is the",
        "outlet's host name; `published` is the date given by the compilation (omitted when it",
        "has none).",
        "",
        "The simulated copies were made by the script from real articles in this corpus. They",
        "are labelled in their id (`sim-...`) and in a `simulated` field, and live on made-up",
        "`.example` domains. The round-trip translation is a **simulation** by a hand-written",
        "substitution table, not the output of a real machine-translation system.",
        "",
        "## Real cross-site copy pairs",
        "",
        "From `copy_pairs.tsv` (pairs of the full 37,554-article set with word 5-gram",
        "containment > 0.5; containment = |A∩B| / min(|A|,|B|)). Re-measured by the script.",
        "",
        "| containment | jaccard | article A | article B |",
        "|---|---|---|---|",
    ]
    for p in pairs:
        a, b = p["a"], p["b"]
        out.append(
            f"| {p['containment']:.3f} | {p['jaccard']:.3f} | `{a}` {outlet(a)}, {p['published_a'] or 'no date'} "
            f"| `{b}` {outlet(b)}, {p['published_b'] or 'no date'} |"
        )
    out += [
        "",
        "`DkQ4OrtC0OITk2R2`, `Hxh0WbJz33iyQVv5` and `mKfCFGUQ3L7ue61K` form one family of",
        "three (the AP story and two partial republications; the Fox News one has no date).",
        "Pairs below 0.95 are partial and/or edited republications (wire story cut, extended",
        "or re-headlined), not independent coverage.",
        "",
        "What the texts say about direction (also in `expected.json`, `likely_original`):",
        "",
    ]
    for p in pairs:
        lo = f"likely original `{p['likely_original']}`" if p["likely_original"] else "no original"
        out.append(f"- `{p['a']}`–`{p['b']}`: {lo}. {p['provenance_note']}")
    out += [
        "",
        "## Same-story groups (independent coverage of one event)",
        "",
    ]
    for g in groups:
        out.append(f"### {g['event']}  (`{g['story']}`)")
        out.append("")
        for m in g["members"]:
            out.append(
                f"- `{m['id']}` {outlet(m['id'])}, {m['published'] or 'no date'}: {m['title']}"
            )
        if g["copy_pairs_inside"]:
            out.append(
                "- copy pairs inside this story: "
                + ", ".join(f"`{a}`–`{b}`" for a, b in g["copy_pairs_inside"])
            )
        if g["simulated_copies_in_story"]:
            out.append(
                "- simulated copies of a member (see below): "
                + ", ".join(f"`{x}`" for x in g["simulated_copies_in_story"])
            )
        out.append(
            f"- highest 5-gram containment between members that are not copies: "
            f"{g['max_containment_between_independent_members']:.3f}"
        )
        out.append("")
    out += ["## Simulated copies", ""]
    for s in sims:
        o = s["original"]
        out.append(
            f"- **`{s['copy']}`** ← `{o}` ({outlet(o)}, {arts[o]['url']}); intended kind "
            f"`{s['kind']}`{', partial' if s['partial'] else ''}; dated {s['published_copy']} "
            f"(original {s['published_original']}). {s['description']}"
        )
    out += [
        "",
        "The exact tables (synonyms, translation phrases, garbled names) are in",
        "`scripts/make_demo_corpus.py` (`SPIN_TABLE`, `MT_TABLE`, `NAME_TABLE`).",
        "",
        "## Distractors (unrelated articles)",
        "",
        "Chosen deterministically (sorted by a seeded hash of the id) among articles that take",
        "part in no copy pair, are dated more than ten days away from every other chosen",
        "article (or undated), have clean text of 1,500-5,000 characters and share no more",
        "than 5% of their 5-grams with any other chosen article.",
        "",
    ]
    for i in distractors:
        r = records[i]
        out.append(f"- `{i}` {outlet(i)}, {r.get('published', 'no date')}: {r['title']}")
    out += ["", "## All real articles", "", "| id | outlet | url |", "|---|---|---|"]
    for i in sorted(records):
        out.append(f"| `{i}` | {outlet(i)} | {arts[i]['url']} |")
    out.append("")
    return "\n".join(out)


if __name__ == "__main__":
    sys.exit(main())
