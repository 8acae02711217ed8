"""The per-document cleaning rules: every removal reason, and the patterns that find
template text, tails, credits, forms, shares, leftover AI prompts and injected promotion.
``document`` applies them."""

from __future__ import annotations

import re

#: Every reason slug cleaning records, and what it means.
REASONS: dict[str, str] = {
    "repeated-title": "the title (or a near copy) repeated in the body",
    "repeated-text": "a paragraph or sentence repeated, or the body glued and repeated",
    "hashtags": "a line of #hashtags or a 'Tags:' line",
    "comment-form": "comment-form text ('Leave a Reply', 'Your email address ...')",
    "source-link": "scraper attribution ('Source link', 'Source: ...', 'appeared first on')",
    "share": "share prompts and social buttons",
    "related-links": "'Related posts', 'Read more' and the headline list they introduce",
    "newsletter": "newsletter sign-up and subscription prompts",
    "image-credit": "photo credits and captions",
    "inline-card": "a link card glued inside a paragraph (a name's full name and headlines, "
                   "ending in 'MORE')",
    "ai-prompt": "a leftover instruction to a language model (content-farm signal)",
    "spam": "a short promotional line at the head or tail, unrelated to the article",
    "boilerplate": "navigation, ads, copyright, or a line recurring across unrelated documents",
}

# --- per-document patterns ---------------------------------------------------------------

# A chatbot's reply or instruction left in a page (the real cases, with their sources, are
# in tests/data/ai_leftovers.jsonl): a refusal ("I'm sorry, I cannot complete this
# prompt"), the model speaking of itself ("As an AI language model, ..."), a length it
# will not write ("I am not capable of producing 1500 words"), the prompt itself ("You are
# an experienced sports journalist. You are required to rewrite the following article"),
# or the generator's own record ("Model: gpt-3.5-turbo"). At the start of a line: a line
# opening with a quotation mark is somebody quoted, and does not match.
AI_REPLY = re.compile(
    r"((yes|no|sure|well|however|unfortunately|sorry|note)[,.:!]?\s+)?"
    r"(as an ai( language)? model\b"
    r"|i('m| am) sorry,?( but)?,? (i\b|as an ai\b)"
    r"|i (apologi[sz]e|regret),?( but)? i (can(no|')t|am unable|am not able)\b"
    r"|i can(no|')t (fulfill|complete|comply with|assist with) (this|that|your) "
    r"(request|prompt|task)"
    r"|i('m| am) (not capable of|unable to) (produc|writ|generat|provid|creat)\w* "
    r"(an? )?[\d,]+[- ]words?"
    r"|i can(no|')t (provide|write|produce|generate|create) (an? )?[\d,]+[- ]words?"
    r"|you are (an? )?([\w-]+ ){0,3}(journalist|writer|copywriter|editor|reporter)\b[^.]{0,60}"
    r"\.\s+you (are required to|need to|must|should|will)\b"
    r"|you are required to (rewrite|paraphrase|reword|rephrase|summari[sz]e|write)\b"
    r"|you must ensure (that )?the (article|text|content|output)\b"
    r"|(model|used prompts?)\s*:\s*(gpt|chatgpt|claude|llama|gemini|mistral)\b)",
    re.I,
)
# ... or anywhere in a line: what only a chatbot says of itself ("my cutoff date in
# September 2021", "as of my last knowledge update") or its interface copied along
# ("Regenerate response"). Not inside a quotation (``clean.document`` checks).
AI_ANYWHERE = re.compile(
    r"\bas an ai( language)? model\b|\bmy (knowledge )?cut-?off date\b"
    r"|\bas of my (last )?(knowledge )?(update|cut-?off)\b|\bregenerate response\b",
    re.I,
)

# "Markus Schreiber, AP", "BRENDAN SMIALOWSKI/AFP/Getty Images"
CREDIT_LINE = re.compile(
    r"[^.!?]{0,60}[,/|]\s*(ap|afp|reuters|getty images|epa(-efe)?|bloomberg|ap photo)\s*\)?$", re.I
)
CREDIT_LINE_WORDS = 10
GALLERY_WORDS = 400  # a gallery caption may tell a whole story in a paragraph
# What ends each caption of a photo gallery (CNN): "Hide Caption 3 of 15".
CAPTION_MARK = re.compile(r"\bhide caption \d+ of \d+\b", re.I)
# (reason, longest line it may remove, pattern matched at the start of the stripped line,
#  pattern searched anywhere in it). Anchored patterns keep the per-line cost low.
LINE_RULES: list[tuple[str, int, re.Pattern[str] | None, re.Pattern[str] | None]] = [
    (
        "ai-prompt",
        60,
        AI_REPLY,
        AI_ANYWHERE,
    ),
    (
        "comment-form",
        40,
        re.compile(
            r"(leave a (reply|comment)|cancel reply|post (a )?comment|add (a )?comment"
            r"|comments? are closed|view comments|loading comments|\d+ comments?$"
            r"|(comment|name|e-?mail|website|url)\s*\*?$|click here to comment"
            r"|you must be logged in to post a comment"
            r"|to find out more about facebook commenting)",
            re.I,
        ),
        re.compile(
            r"your e-?mail address will not be published|required fields are marked"
            r"|save my name,? e-?mail,? and website|notify me of (follow-up comments|new posts)"
            r"|this site uses akismet",
            re.I,
        ),
    ),
    (
        "source-link",
        30,
        re.compile(
            r"source link|(sources?|via)\s*:\s*(\S+\s*){1,6}$|original source\b"
            r"|read the (full|original) (story|article)|to read the full story"
            r"|originally (published|posted|appeared) (at|on|in|by)\b"
            r"|\[\[ this is a content summary only",
            re.I,
        ),
        re.compile(
            r"\b(appeared|was published) first on\b"
            r"|\bthis (article|story|post) (was )?(originally )?(appeared|published) (on|in|at)\b",
            re.I,
        ),
    ),
    (
        "image-credit",
        80,
        re.compile(
            r"(photo|photos|photograph|image|picture|pictured|credit|photo credit|image credit"
            r"|image copyright|image caption|image source|caption|file photo)s?\b\s*(:|by\b"
            r"|copyright|caption|courtesy)"
            r"|enlarge this image|toggle caption|hide caption|show caption|image \d+ of \d+"
            r"|next image|prev image"
            r"|file\s*[-\u2013\u2014]\s*(in )?this\b.{0,200}\bphoto\b",
            re.I,
        ),
        re.compile(
            r"\((ap|afp|reuters|getty images|epa|ansa|xinhua)? ?photo(graph)?s?\s*(:|/|by\b)", re.I
        ),
    ),
    ("image-credit", CREDIT_LINE_WORDS, CREDIT_LINE, None),
    # A photo gallery's captions, however long they run: "Hide Caption 3 of 15 Photos:
    # <gallery> <caption>", and its first, "Photos: <gallery> Photos: <gallery> <caption>"
    # (CNN). Two articles carrying one gallery share its captions, not each other's text.
    (
        "image-credit",
        GALLERY_WORDS,
        re.compile(CAPTION_MARK.pattern + r"|photos: ([^:\n]{3,80}) photos: \1", re.I),
        None,
    ),
    (
        "newsletter",
        40,
        re.compile(
            r"be the first to know|never miss a (story|thing)|newsletter sign[ -]?up"
            r"|sign up (here|now|today|below)\b|subscribe (here|now|today)\b",
            re.I,
        ),
        re.compile(
            r"\b(sign up (for|to receive) (our |the |a |\w+['\u2019]s )?[\w ]{0,40}"
            r"(newsletters?|e-?mails?|alerts|updates)\b|subscribe (to|for) (our |the )?[\w ]{0,30}"
            r"(newsletters?|e-?mails?|alerts|updates|access)\b|sign up (here|now|today)\b"
            r"|delivered (daily |weekly |straight |right )?to your inbox|in your in-?box"
            r"|successfully subscribed|by signing up,? you agree|newsletter sign[ -]?up"
            r"|(our|daily|free|weekly) (\w+ )?newsletters?\b|subscription supports journalism"
            r"|for unlimited (digital )?access|try one month for|choose the plan"
            r"|support (our|independent|\w+['\u2019]s) (\w+ )?journalism|digital subscription)",
            re.I,
        ),
    ),
    (
        "related-links",
        25,
        re.compile(
            r"(related( posts| stories| articles| content| coverage| news| links| reading)?"
            r"|read more|read also|also read|see also|more from [\w .'-]{1,40}|you may also like"
            r"|you might also like|recommended( for you| stories| reading)?|most (popular|read)"
            r"|trending( now| in [\w ]{1,20})?|more stories|top stories|more on this\W*"
            r"|what to read next|don['\u2019]t miss)\s*[:.\u2026]*$"
            r"|(read more|related|see also|also read|more|read next|watch|listen)\s*:\s*\S",
            re.I,
        ),
        None,
    ),
    (
        "boilerplate",
        40,
        re.compile(
            r"(advertisements?|ad|ads|sponsored( content)?|paid content"
            r"|story continues below( (the )?(video|ad|advertisement))?"
            r"|story continued below|continue reading( the main story)?( below)?"
            r"|advertisement continue reading the main story|skip to (main )?content"
            r"|scroll to (the )?top( of (the )?page)?|loading\W*|print( this)?( article| page)?"
            r"|close|more|menu|search|home|embed|fullscreen|replay|back to gallery|show more"
            r"|show less|show more / show less|next|prev|previous|prev next|\d+ / \d+|go"
            r"|jump to|comments|this is a developing story\W*( check back for updates\W*)?"
            r"|report an error|corrections?|we want to hear what you think\b.*"
            r"|(sponsored|promoted) (links|stories)( by \w+)?)\W*$"
            r"|(©|\(c\)\s|copyright\s*(©|\(c\)|\d{4}))",
            re.I,
        ),
        re.compile(r"\ball rights reserved\b", re.I),
    ),
    # A video widget's line: "JUST WATCHED <video title> Replay More Videos ... MUST
    # WATCH <video title> 02:05" (CNN). Its title differs from page to page, so the
    # corpus's recurring lines do not find it.
    ("boilerplate", 40,
     re.compile(r"just watched\b.*\breplay\b|must watch\b.*\b\d{1,2}:\d{2}\W*$", re.I), None),
]

# The costliest floating patterns are searched only in lines whose key (lower-case words)
# holds a word every one of their alternatives needs: a substring test is much cheaper
# than trying a long alternation at every position. Keep in step with the patterns.
FLOATING_NEEDS: dict[str, tuple[str, ...]] = {
    "ai-prompt": ("as an ai", "cutoff", "cut off", "as of my", "regenerate response"),
    "comment-form": ("mail", "required", "save my", "notify", "akismet"),
    "newsletter": ("sign", "subscri", "box", "newsletter", "unlimited", "one month",
                   "choose the plan", "journalism"),
}


def without_case(pattern: re.Pattern[str] | None) -> re.Pattern[str] | None:
    """``pattern`` without IGNORECASE, for lower-cased text (its letters are lower-case).

    Several times cheaper: IGNORECASE folds the case of every character tried, and
    lower-casing a character matches an ASCII letter as IGNORECASE does but for
    _CASE_FOLDS (whose documents keep the IGNORECASE patterns), and keeps \\w, \\s, \\d
    and \\b.
    """
    return None if pattern is None else re.compile(pattern.pattern)


# The rules for lower-cased lines of a document without _CASE_FOLDS.
LOWER_RULES = [(reason, max_words, without_case(anchored), without_case(floating))
                for reason, max_words, anchored, floating in LINE_RULES]

# A sign-up form glued into one long line (NYT's "Newsletter Sign Up ... verify you're not a
# robot ...", POLITICO's "... Email Sign Up By signing up you agree ..."): too long for the
# line rules above. A phrase only such forms use marks the line; it goes if most of its
# words sit in sentences that read as form text. Works on one document alone, however
# rare the form is in the corpus.
FORM_MARK = re.compile(
    r"\bby signing up,? (you|i) (agree|acknowledge|are agreeing)\b|\bunsubscribe (from [\w ]{1,30})?at any time\b|protected by recaptcha"
    r"|verify (that )?you['\u2019]?re not a robot|invalid e-?mail address|valid e-?mail address"
    r"|\bopt[- ]out at any time\b|thank you for (subscribing|signing up)"
    r"|must select a newsletter",
    re.I,
)
FORM_SENTENCE = re.compile(
    r"sign(ing)? ?up\b|newsletters?\b|subscri(be|bing|ption)|unsubscribe|\bopt[- ]out\b"
    r"|recaptcha|privacy policy|terms of (use|service)|\brobot\b|e-?mail address|re-?enter"
    r"|\bin(to)? your in-?box\b|\bagree to\b|try again later|error has occurred"
    r"|choose your country|confirmation e-?mail|spam folder|promotional offers"
    r"|\be-?mail \(required\)|check the box",
    re.I,
)
# Every FORM_MARK match holds one of these: a cheap substring test spares the regex on
# nearly all lines.
FORM_KEYS = ("signing up", "subscrib", "recaptcha", "robot", "mail address", "opt-out",
              "opt out", "select a newsletter")
FORM_SHARE = 0.6  # of a marked line's words in form sentences
FORM_MAX_WORDS = 600  # a form with a country picker runs to some 450 words

# Template phrases glued to the start (or end) of a paragraph by the extractor:
# "ADVERTISEMENT “The White House’s ...", "Advertisement Continue reading the main story
# The senator said ...". Case-sensitive: "Advertisement revenue fell" is a sentence.
GLUED_HEAD = re.compile(
    r"^(?:ADVERTISEMENT|SKIP ADVERTISEMENT|Advertisement(?= Continue reading)"
    r"|Continue reading the main story|Story Continued Below|Story continues below)"
    r"(?:\s+(?:Continue reading the main story))?\s+(?=\S+(?:\s+\S+){3})"
)  # ... followed by four words or more: "Story continues below video." is one line rule
GLUED_TAIL = re.compile(r"(?<=[.!?\"\u201d])\s+(?:ADVERTISEMENT|Advertisement)$")
GLUED_STARTS = ("ADVERTISEMENT", "SKIP ADVERTISEMENT", "Advertisement", "Continue reading",
                 "Story Continued", "Story continues")
GLUED_ENDS = ("ADVERTISEMENT", "Advertisement")

SHARE_WORDS = frozenset(
    """share shares shared this article story on via facebook twitter tweet tweets email
    e mail print whatsapp linkedin pinterest reddit messenger copy link url post to click
    opens in new window like loading sms flipboard telegram save and or fbshare gshare
    commentemailmore connect comment comments more close panel the x google permalink go
    open""".split()
)
SHARE_ANCHORS = frozenset(
    "share facebook twitter tweet whatsapp linkedin pinterest reddit fbshare gshare".split()
)
SHARE_PHRASE = re.compile(
    r"(like this\W*$|like loading|read or share this story|check out this (story|article) on)",
    re.I,
)
QUOTE = re.compile("[\"\u201c\u201d]")
HASHTAG = re.compile(r"(?<![\w&])#\w+")
TAGS_LINE = re.compile(r"^(tags|tagged|tagged with|topics|filed under|keywords)\s*(:|$)", re.I)
TAGS_MAX_WORDS = 40
SHARE_MAX_WORDS = 20

# A leftover instruction to a language model at the start of a line: strip it, keep the rest.
AI_PREFIX = re.compile(
    r"^\W{0,3}(please\s+)?(rewrite|paraphrase|reword|rephrase|summari[sz]e|spin|expand"
    r"|translate)\s+((this|the following|the above|the|that|it)\s+(\w+\s+){0,2}?"
    r"(title|headline|article|content|text|news|paragraph|story|post|essay)s?\b"
    # Without a noun, only "this", "it" ... followed by an instruction's end or its
    # terms: "Expand the idea to ...", "Expand The Map" are the article's own words.
    r"|(this|the following|the above|it)\b(?=\s*[:.\-\u2013\u2014]|\s+(to|in|into)\s))"
    r"((\s+(to|in|into|with|for|using|as|and)\s+[\w -]{0,30}?\b(words?|paragraphs?|sentences?"
    r"|language|arabic|english|french|spanish|german|hindi|urdu|style|tone|seo|unique|"
    r"points?)(\s+(language|way|manner|format))?)*)\s*(in\s+[A-Z][a-z]+\b)?\s*"
    r"[:.\-\u2013\u2014]?\s*"
    r"|^(certainly|sure|of course)[!,.]?\s+here(['\u2019]s| is)\s[^:\n]{0,80}:\s*"
    r"|^here(['\u2019]s| is) (a |the |your )?(rewritten|paraphrased|revised|reworded"
    r"|summari[sz]ed|unique|new version)[^:\n]{0,80}:\s*",
    re.I,
)
# The word every AI_PREFIX match starts with (after at most three non-word characters):
# it starts the line's key. Keep in step with the pattern.
AI_STARTS = ("please", "rewrite", "paraphrase", "reword", "rephrase", "summari", "spin",
              "expand", "translate", "certainly", "sure", "of course", "here")

# --- spam ------------------------------------------------------------------------------

PROMO_TERMS = re.compile(
    r"\b(dropshipping|drop shipping|casino|casinos|betting|slots?|poker|followers|backlinks?"
    r"|payday|loans?|essay writing|viagra|cialis|cbd|forex|bitcoin|crypto|vpn|seo"
    r"|coupons?|promo codes?|discount(s|ed)?|cheap(est)?|best (solution|price|deal|service|"
    r"site|way to)|free (shipping|trial|download)|order now|shop now|buy now|% off|limited time"
    r"|sign up now|best[- ]selling|top[- ]rated|affordable|guaranteed|earn money"
    r"|make money|work from home|weight loss|replica|escort|dating|hookup|porn|xxx"
    r"|likes and views|instagram likes|web design|hosting|plugin|wordpress theme)\b",
    re.I,
)
PROMO_TERMS_LOWER = without_case(PROMO_TERMS)
# The first word of every PROMO_TERMS match ("off" of "% off"): a whole word of the line's
# key once apostrophes are spaces, as \b sits on both sides of it. A line whose key holds
# none of them has no match, and a set test is several times cheaper than the search.
# Keep in step with the pattern. (IGNORECASE also takes "ı" and "ſ" for "i" and "s": a
# document holding them is searched line by line.)
PROMO_FIRST_WORDS = frozenset(
    """dropshipping drop casino casinos betting slot slots poker followers backlink backlinks
    payday loan loans essay viagra cialis cbd forex bitcoin crypto vpn seo coupon coupons
    promo discount discounts discounted cheap cheapest best free order shop buy off limited
    sign top affordable guaranteed earn make work weight replica escort dating hookup porn
    xxx likes instagram web hosting plugin wordpress""".split()
)
URL = re.compile(r"https?://|www\.|\b[\w-]+\.(com|net|org|io|co|shop|store|biz|info|xyz)\b", re.I)
CALL_TO_ACTION = re.compile(
    r"^\W*(buy|get|visit|order|try|download|shop|click|call|check out|sign up|join|learn more"
    r"|contact|hire|book|grab|claim|discover|find out)\b",
    re.I,
)

SPAM_EDGE = 3  # lines at the head and at the tail where injected spam sits
SPAM_MAX_WORDS = 30

# The signature under an embedded tweet as scraped: "— Name (@handle) July 15, 2018". It
# recurs across unrelated pages and within one (two tweets of a day), yet it is never
# boilerplate: it says the paragraph above it is somebody's words (see
# ``relate.material``), and so it stays.
TWEET_SIGNATURE = re.compile(
    r"^[\u2014\u2013-]+\s*[^\n]{1,80}\(@\w{1,20}\)\s+[A-Z][a-z]+\.? \d{1,2},? \d{4}\s*$",
    re.M)
# A line that is only the time or stamp of a live blog's entry ("1:05 p.m.", "UPDATE
# 3:45 PM", "41 min ago", "1 hr 12 min ago"): it recurs across unrelated live blogs,
# yet it is the page's structure (``relate.pages`` reads a live blog by it), never
# boilerplate.
#: An entry's time ("1:05 p.m.", "UPDATE 3:45 PM") and its stamp of how long ago it was
#: posted ("41 min ago"), as ``relate.pages`` reads them too.
ENTRY_TIME = r"(?:UPDATE:?\s*)?\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?|[AP]M)"
STAMP_AGO = r"\d{1,2} (?:minutes?|mins?|hours?|hrs?|days?)(?: \d{1,2} mins?)? ago"
ENTRY_STAMP = re.compile(rf"^{ENTRY_TIME}(?:\s+[A-Z]{{1,4}})?\s*$|^{STAMP_AGO}\s*$")
