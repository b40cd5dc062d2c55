"""Direct quotations and their speakers: the "thucydides_quotes" component.

Two steps:
1. `find_quotations(text)` (pure, no NLP): pairs quotation marks paragraph by paragraph and returns the content
   offsets of every quotation.
2. `QuoteExtractor.extract(doc)`: on the parsed Doc, finds each quotation's cue verb (data/quote_cues.yaml) and its
   subject, and resolves the subject to an actor through `doc._.actor_mentions`.

Decisions, documented once here:
- Marks: straight "…", curly “…” (either curly mark may stand for the other when its position says so), doubled
  straight ''…'' and ``…'' (some wire and newspaper styles). Single curly ‘…’ counts only outside double quotes,
  when the ‘ starts a word and a ’ ends one (a ’ followed by a letter is an apostrophe: don’t, Russia’s).
  Straight single quotes are never quotation marks: too ambiguous with apostrophes.
- Unbalanced: a quotation opened and not closed within a paragraph (one line) ends at that paragraph's end, so a
  stray mark never swallows the article. News convention for a quotation running over several paragraphs (each
  paragraph re-opens it, only the last closes it): one Quote per paragraph, and a paragraph that opens a quotation
  right after an unclosed one inherits that one's speaker.
- Split quotations ("“A,” she said, “B.”" and "“A,” she said. “B.”") give TWO Quote records with the same speaker
  and cue: each `span` is then exactly its content, so a consumer asking "is this token quoted?" never sees the
  cue verb as quoted.
- Scare quotes: content of fewer than `min_words` (default 4) words is a direct quotation only when a cue frames
  it directly (“Go home,” she said / she said: “Go home.”); otherwise it is skipped.
- A quotation with no cue in its own sentence that starts in lower case is words borrowed into the narration
  ("a plan for “lasting stability in the region”"), not speech: skipped.
- Cue choice: a cue verb right before the opening mark ("said: “", "said, “") wins; then a cue after the
  quotation ("“…,” she said", "“…,” said Smith"); then a cue before it that governs the quotation ("told reporters
  that … “…”"). A quotation without a cue in its sentence takes the speaker of the adjacent cue sentence (the
  previous one, else the next one) in the same paragraph; else its speaker is None.
- Speaker: the cue's nominal subject (a relative "who" stands for its antecedent; a participle such as "adding"
  borrows its governing verb's subject; inverted "said Smith" takes the noun after the verb), expanded to its
  determiners, modifiers and compounds. The actor comes from the mention on the subject's head (a pronoun's
  mention is the coreference-resolved one), else from a resolved mention inside the subject phrase. Without an
  actor, `Speaker.name` is the proper name (entity text) or None; never a pronoun.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Token

from .datafile import DataFileError, line_of, load_word_lists
from .model import ActorMention, Quote, Speaker
from .nlp import doc_text

DEFAULT_CUES = Path(__file__).parent / "data" / "quote_cues.yaml"
MIN_WORDS = 4  # below this, a quoted string is a scare quote unless a cue frames it directly

# Double-quote marks; `` and '' are two-character marks.
_DOUBLE_MARK = re.compile(r"``|''|[\"\u201c\u201d]")
_PARAGRAPH = re.compile(r"[^\n]+")
_DASH_NAME = re.compile(r"[ \t\u00a0]*(?:\u2015|\u2014|\u2013|--?)[ \t\u00a0]*(?=[A-Z])")
_OPEN_SINGLE, _CLOSE_SINGLE = "\u2018", "\u2019"
_BEFORE_OPENING = frozenset("([{\u2014\u2013-/")  # a mark after these (or a space) opens
_AFTER_CLOSING = frozenset(".,;:!?)]}\u2014\u2013-\u2026\"'\u2019\u201d")  # a mark before these (or a space) closes
_OPEN_ENDINGS = frozenset(",?!\u2014\u2013-\u2026:")  # content ending so continues into its attribution
_SUBJECT_LEFT_DEPS = frozenset({"det", "compound", "amod", "poss", "nmod", "nummod", "case", "quantmod", "prep",
                                "punct", "advmod", "predet"})
_SUBJECT_RIGHT_DEPS = frozenset({"compound", "flat", "case", "nummod"})
_TITLE_PREPOSITIONS = frozenset({"of", "for", "at"})  # "the head of the agency", "a spokesman for the ministry"
_RELATIVES = frozenset({"who", "that", "which"})
_NAME_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
_WHEN = frozenset({"DATE", "TIME"})
_CLIMB_DEPS = frozenset({"advcl", "xcomp", "conj", "pcomp", "acl"})
_INVERTED_DEPS = frozenset({"nsubj", "dobj", "attr", "npadvmod", "dep", "appos", "oprd", "nmod", "pobj"})
MAX_AFTER = 40  # tokens scanned after a closing mark for the cue: the subject may carry a long apposition
MAX_FRAME = 4  # tokens between a short quotation and the cue that frames it


class QuoteCueError(DataFileError):
    """A bad entry in a quote-cue file: names the file and the line (the data-file layer's error)."""


@dataclass(frozen=True)
class QuoteCues:
    """Cue verbs (lemmas) and two-word prepositional cues ("according to")."""

    verbs: frozenset[str]
    phrases: frozenset[tuple[str, str]]

    @classmethod
    def load(cls, path: Path | str | None = None) -> QuoteCues:
        """Load (and cache) a cue file; raises QuoteCueError naming the file and line of a bad entry."""
        return _load_cues(str(Path(path or DEFAULT_CUES).resolve()))


@lru_cache(maxsize=8)
def _load_cues(path: str) -> QuoteCues:
    lists = load_word_lists(Path(path), {"verbs"}, {"phrases"}, QuoteCueError)
    found: dict[str, list[str]] = {"verbs": [], "phrases": []}
    shapes = {"verbs": re.compile(r"[a-z]+"), "phrases": re.compile(r"[a-z]+ [a-z]+")}
    for key, words in lists.items():
        for word in words:
            if not shapes[key].fullmatch(word):
                what = "a lower-case lemma" if key == "verbs" else "two lower-case words"
                raise QuoteCueError(path, line_of(word), f"{str(word)!r}: expected {what}")
            if word in found[key]:
                raise QuoteCueError(path, line_of(word), f"{str(word)!r} is listed twice")
            found[key].append(str(word))
    if not found["verbs"]:
        raise QuoteCueError(path, 1, "no cue verbs")
    return QuoteCues(frozenset(found["verbs"]), frozenset(tuple(p.split()) for p in found["phrases"]))


@dataclass(frozen=True)
class Quotation:
    """A quoted stretch of text. `start`/`end`: the content (marks, surrounding spaces and a trailing comma
    excluded); `open_at`: the opening mark; `close_end`: just after the closing mark, or the paragraph end when
    the quotation is not closed in its paragraph."""

    start: int
    end: int
    open_at: int
    close_end: int
    closed: bool
    single: bool = False


def _direction(text: str, i: int, j: int, para_start: int, para_end: int) -> str:
    """"open", "close" or "toggle" for the mark text[i:j], from the mark itself and what flanks it."""
    before = text[i - 1] if i > para_start else " "
    after = text[j] if j < para_end else " "
    left = (before.isspace() or before in _BEFORE_OPENING) and not after.isspace()
    right = not before.isspace() and (after.isspace() or after in _AFTER_CLOSING)
    mark = text[i:j]
    if mark == "``":
        return "open"
    if mark == "\u201c":
        return "close" if right and not left else "open"
    if mark == "\u201d":
        return "open" if left and not right else "close"
    if left and not right:
        return "open"
    if right and not left:
        return "close"
    return "toggle"


def _content(text: str, start: int, end: int, open_at: int, close_end: int, closed: bool,
             single: bool = False) -> Quotation | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    if end <= start:
        return None
    return Quotation(start, end, open_at, close_end, closed, single)


def _paragraph_quotations(text: str, para_start: int, para_end: int) -> list[Quotation]:
    found: list[Quotation | None] = []
    # open marks as (offset, length, curly?): a mark of the other style inside a quotation nests in it
    stack: list[tuple[int, int, bool]] = []
    for match in _DOUBLE_MARK.finditer(text, para_start, para_end):
        i, j = match.start(), match.end()
        direction = _direction(text, i, j, para_start, para_end)
        curly = text[i] in "\u201c\u201d"
        if not stack:
            if direction != "close":  # a closing mark with nothing open is a stray
                stack.append((i, j - i, curly))
            continue
        if direction == "open":
            if curly != stack[-1][2] or len(stack) > 1:
                stack.append((i, j - i, curly))
            else:  # a clear opening of the same style: the earlier quotation was never closed
                open_at, open_len, _ = stack[0]
                found.append(_content(text, open_at + open_len, i, open_at, i, closed=False))
                stack = [(i, j - i, curly)]
            continue
        open_at, open_len, _ = stack.pop()
        if not stack:
            found.append(_content(text, open_at + open_len, i, open_at, j, closed=True))
    if stack:
        open_at, open_len, _ = stack[0]
        found.append(_content(text, open_at + open_len, para_end, open_at, para_end, closed=False))
    doubles = [q for q in found if q is not None]
    return sorted(doubles + _single_quotations(text, para_start, para_end, doubles), key=lambda q: q.open_at)


def _single_quotations(text: str, para_start: int, para_end: int, doubles: list[Quotation]) -> list[Quotation]:
    if _OPEN_SINGLE not in text[para_start:para_end]:
        return []
    found: list[Quotation] = []
    i = text.find(_OPEN_SINGLE, para_start, para_end)
    while i != -1:
        nxt = i + 1
        inside = any(q.open_at <= i < q.close_end for q in doubles)
        before = text[i - 1] if i > para_start else " "
        opens = (before.isspace() or before in _BEFORE_OPENING or before in "\"\u201c") \
            and nxt < para_end and text[nxt].isalnum()
        if opens and not inside:
            k = text.find(_CLOSE_SINGLE, nxt, para_end)
            # a ’ followed by a letter is an apostrophe (don’t, Russia’s); the closing mark ends a word
            while k != -1 and ((k + 1 < para_end and text[k + 1].isalnum()) or text[k - 1].isspace()):
                k = text.find(_CLOSE_SINGLE, k + 1, para_end)
            nested = k != -1 and text.find(_OPEN_SINGLE, nxt, k) != -1
            if k != -1 and not nested:
                quotation = _content(text, nxt, k, i, k + 1, closed=True, single=True)
                if quotation is not None:
                    found.append(quotation)
                nxt = k + 1
        i = text.find(_OPEN_SINGLE, nxt, para_end)
    return found


def find_quotations(text: str) -> list[Quotation]:
    """Every quotation in `text`, in order: the content offsets, without the marks. Pure; see the module notes
    for which marks count and how an unbalanced quotation is capped at its paragraph's end."""
    found: list[Quotation] = []
    for paragraph in _PARAGRAPH.finditer(text):
        found.extend(_paragraph_quotations(text, paragraph.start(), paragraph.end()))
    return found


@dataclass(frozen=True)
class Attribution:
    """A quotation with its attribution: the output `Quote` plus what the record does not carry (the offsets of
    the cue and of the speaker phrase, and the rule that attributed it: before, after, inverted, adjacent,
    continuation or none)."""

    quote: Quote
    quotation: Quotation
    cue_span: tuple[int, int] | None
    speaker_span: tuple[int, int] | None
    rule: str


@dataclass
class _Found:
    """A cue for one quotation, while attributing."""

    cue: Token | None
    speaker: Speaker | None
    speaker_span: tuple[int, int] | None
    rule: str
    framed: bool  # the cue frames the quotation directly: “…,” she said / she said: “…”


class _DocIndex:
    """Per-Doc look-ups from characters to tokens, sentences and paragraphs (bisect on sorted offsets)."""

    def __init__(self, doc: Doc, quotations: list[Quotation]):
        self.doc = doc
        self.text = doc_text(doc)
        self.token_starts = [t.idx for t in doc]
        # a pipeline without parser or sentencizer: the whole text is one sentence
        self.sents = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
        self.sent_starts = [s.start_char for s in self.sents]
        self.breaks = [m.start() for m in re.finditer("\n", self.text)]
        self.quoted = bytearray(len(doc))
        for q in quotations:
            for i in range(self.token_at(q.open_at), self.token_before(q.close_end) + 1):
                self.quoted[i] = 1

    def token_at(self, char: int) -> int:
        """Index of the token holding `char` (or the nearest token before it)."""
        return max(bisect_right(self.token_starts, char) - 1, 0)

    def token_before(self, char: int) -> int:
        """Index of the last token starting before `char`."""
        return max(bisect_left(self.token_starts, char) - 1, 0)

    def sentence_of(self, char: int) -> int:
        return max(bisect_right(self.sent_starts, char) - 1, 0)

    def paragraph_of(self, char: int) -> int:
        return bisect_left(self.breaks, char)


class QuoteExtractor:
    """Finds direct quotations in a parsed Doc and attributes them (see the module notes)."""

    def __init__(self, cues: QuoteCues | None = None, min_words: int = MIN_WORDS):
        self.cues = cues or QuoteCues.load()
        self.min_words = min_words

    def extract(self, doc: Doc) -> list[Attribution]:
        """Attributed direct quotations of `doc`, in text order."""
        quotations = find_quotations(doc_text(doc))
        if not quotations:
            return []
        index = _DocIndex(doc, quotations)
        mentions: list[ActorMention] = list(doc._.actor_mentions or []) if Doc.has_extension("actor_mentions") else []
        found: list[_Found | None] = [self._direct(index, q, mentions) for q in quotations]
        for n, q in enumerate(quotations):
            if found[n] is None:
                found[n] = self._borrowed(index, quotations, found, n, mentions)
        article_id = doc._.article_id if Doc.has_extension("article_id") else None
        result: list[Attribution] = []
        for q, f in zip(quotations, found):
            content = doc_text(doc)[q.start:q.end]
            if len(content.split()) < self.min_words and not (f is not None and f.framed):
                continue  # a scare quote
            if (f is None or f.rule == "adjacent") and content[0].islower():
                continue  # words borrowed into the narration ("a plan for “lasting stability” there"), not speech
            cue = f.cue if f is not None else None
            quote = Quote(
                id=f"{article_id or 'doc'}:q{len(result)}", article_id=article_id or "",
                text=doc_text(doc)[q.start:q.end], speaker=f.speaker if f else None,
                cue=self._cue_lemma(cue) if cue is not None else None, span=(q.start, q.end),
                sentence_index=index.sentence_of(q.start),
            )
            result.append(Attribution(
                quote=quote, quotation=q, cue_span=(cue.idx, cue.idx + len(cue.text)) if cue is not None else None,
                speaker_span=f.speaker_span if f else None, rule=f.rule if f else "none",
            ))
        return result

    # -- cues -----------------------------------------------------------------------------------------------

    def _cue_lemma(self, cue: Token) -> str:
        doc = cue.doc
        if cue.i + 1 < len(doc) and (cue.lower_, doc[cue.i + 1].lower_) in self.cues.phrases:
            return f"{cue.lower_} {doc[cue.i + 1].lower_}"
        return cue.lemma_.lower()

    def _is_cue(self, token: Token) -> bool:
        if token.lemma_.lower() in self.cues.verbs and (token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB")):
            return True
        nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
        return nxt is not None and (token.lower_, nxt.lower_) in self.cues.phrases

    def _direct(self, index: _DocIndex, q: Quotation, mentions: list[ActorMention]) -> _Found | None:
        """The cue in the quotation's own sentence(s), if any."""
        before = self._cue_before(index, q)
        if before is not None and before[1]:
            return self._found(index, before[0], mentions, "before", framed=before[2], after_quote=False)
        after = self._cue_after(index, q)
        if after is not None:
            return self._found(index, after[0], mentions, "after", framed=after[1], after_quote=True)
        if before is not None:
            return self._found(index, before[0], mentions, "before", framed=False, after_quote=False)
        return self._dash(index, q, mentions)

    def _dash(self, index: _DocIndex, q: Quotation, mentions: list[ActorMention]) -> _Found | None:
        """“…” ― Jane Roe: a name after a dash that follows the closing mark, on the same line."""
        dash = _DASH_NAME.match(index.text, q.close_end) if q.closed else None
        if dash is None:
            return None
        doc = index.doc
        k = bisect_left(index.token_starts, dash.end())
        if k >= len(doc) or doc[k].pos_ != "PROPN" or index.quoted[k]:
            return None
        ent = next((e for e in doc.ents if e.start <= k < e.end), None)
        if ent is not None and ent.label_ in _NAME_LABELS:
            head, (start, end) = ent.root, (ent.start_char, ent.end_char)
        else:
            end_tok = k
            while end_tok + 1 < len(doc) and doc[end_tok + 1].pos_ == "PROPN":
                end_tok += 1
            head, start, end = doc[end_tok], doc[k].idx, doc[end_tok].idx + len(doc[end_tok].text)
        return _Found(None, _speaker(doc, head, start, end, mentions), (start, end), "dash", True)

    def _cue_after(self, index: _DocIndex, q: Quotation) -> tuple[Token, bool] | None:
        """(cue, framed) for “…,” she said / “…,” said Smith."""
        if not q.closed:
            return None
        doc, text = index.doc, index.text
        k = bisect_left(index.token_starts, q.close_end)
        while k < len(doc) and doc[k].is_space:
            k += 1
        if k >= len(doc) or index.paragraph_of(doc[k].idx) != index.paragraph_of(q.end - 1):
            return None
        sent_end = index.sents[index.sentence_of(doc[k].idx)].end
        trailing = text[q.end:q.close_end]
        full_stop = text[q.end - 1] == "." and "," not in trailing
        ends_open = text[q.end - 1] in _OPEN_ENDINGS or "," in trailing or doc[k].text == ","
        for i in range(k, min(sent_end, k + MAX_AFTER)):
            token = doc[i]
            if index.quoted[i] or "\n" in token.text:
                break
            if not self._is_cue(token):
                if not ends_open and token.pos_ in ("VERB", "AUX", "CCONJ"):
                    return None  # “…” and promised: the quotation belongs to another clause
                continue
            if any(c.dep_ == "ccomp" and c.i > i and not index.quoted[c.i] for c in token.children):
                return None  # the verb reports something else: “…” Smith said he would …
            if full_stop and i - k > MAX_FRAME:
                return None  # a full-stop quotation, then a new sentence that merely contains a cue
            return token, ends_open and i - k <= MAX_FRAME + (1 if doc[k].text == "," else 0)
        return None

    def _cue_before(self, index: _DocIndex, q: Quotation) -> tuple[Token, bool, bool] | None:
        """(cue, tight, framed) for she said: “…” / she told reporters that … “…”."""
        doc = index.doc
        open_tok = index.token_at(q.open_at)
        first = index.sents[index.sentence_of(q.open_at)].start
        if all(doc[i].is_space or doc[i].is_punct for i in range(first, open_tok)):
            # the quotation opens its sentence: the previous sentence counts when it ends with a colon
            prev = first - 1
            while prev >= 0 and doc[prev].is_space:
                prev -= 1
            if prev < 0 or doc[prev].text != ":":
                return None
            first = index.sents[index.sentence_of(doc[prev].idx)].start
        content = [doc[i] for i in range(index.token_at(q.start), min(index.token_before(q.end) + 1, len(doc)))]
        probes = content[:3] + [t for t in content if t.head.i < content[0].i or t.head.i > content[-1].i][:3]
        for i in range(open_tok - 1, first - 1, -1):
            token = doc[i]
            if index.quoted[i] or not self._is_cue(token):
                continue
            between = [doc[b] for b in range(i + 1, open_tok) if not doc[b].is_space]
            close = len(between) <= MAX_FRAME
            tight = close and (not between or between[-1].text in (":", ",", "that"))
            if tight or any(token in probe.ancestors for probe in probes):
                # framed (enough for a short quotation): said: “Go.” / said, “Go.” — not promised “swift action”
                return token, tight, close and bool(between) and between[-1].text in (":", ",")
        return None

    def _borrowed(self, index: _DocIndex, quotations: list[Quotation], found: list[_Found | None], n: int,
                  mentions: list[ActorMention]) -> _Found | None:
        """A quotation without a cue of its own: continuation of an unclosed quotation, else adjacent sentences."""
        q = quotations[n]
        text = index.text
        if n > 0:
            prev = quotations[n - 1]
            prev_found = found[n - 1]
            if not prev.closed and prev_found is not None and not text[prev.close_end:q.open_at].strip():
                return _Found(prev_found.cue, prev_found.speaker, prev_found.speaker_span, "continuation", False)
        para = index.paragraph_of(q.open_at)
        first_sent = index.sentence_of(q.open_at)
        last_sent = index.sentence_of(q.end - 1)
        for s in (first_sent - 1, last_sent + 1):
            if s < 0 or s >= len(index.sents):
                continue
            tokens = [t for t in index.sents[s] if not t.is_space and index.paragraph_of(t.idx) == para]
            if not tokens:
                continue
            lo, hi = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
            for m, other in enumerate(quotations):  # a quotation attributed in that sentence lends its speaker
                f = found[m]
                if m != n and f is not None and f.rule not in ("adjacent", "continuation") \
                        and f.speaker is not None and lo <= other.open_at < hi:
                    return _Found(f.cue, f.speaker, f.speaker_span, "adjacent", False)
            for token in tokens:
                if not index.quoted[token.i] and self._is_cue(token):
                    f = self._found(index, token, mentions, "adjacent", framed=False, after_quote=False)
                    if f.speaker is not None:
                        return f
        return None

    # -- speakers -------------------------------------------------------------------------------------------

    def _found(self, index: _DocIndex, cue: Token, mentions: list[ActorMention], rule: str, *, framed: bool,
               after_quote: bool) -> _Found:
        head, inverted = self._subject(index, cue, after_quote)
        if head is None:
            return _Found(cue, None, None, rule, framed)
        start, end = _subject_extent(head)
        speaker = _speaker(index.doc, head, start, end, mentions)
        return _Found(cue, speaker, (start, end), "inverted" if inverted else rule, framed)

    def _subject(self, index: _DocIndex, cue: Token, after_quote: bool) -> tuple[Token | None, bool]:
        """(head token of the speaker, whether it was found in the inverted order)."""
        doc = index.doc
        if cue.i + 1 < len(doc) and (cue.lower_, doc[cue.i + 1].lower_) in self.cues.phrases:
            objects = [c for c in doc[cue.i + 1].children if c.dep_ == "pobj"]
            return (objects[0], False) if objects else (None, False)
        verb = cue
        for _ in range(3):  # "…, she said, adding …": a participle borrows its governing verb's subject
            subjects = [c for c in verb.children if c.dep_ == "nsubj" and not index.quoted[c.i]]
            if subjects:
                subject = subjects[0]
                if subject.lower_ in _RELATIVES and verb.dep_ == "relcl":
                    subject = verb.head
                return subject, subject.i > cue.i
            if verb.dep_ not in _CLIMB_DEPS or verb.head is verb:
                break
            verb = verb.head
        if after_quote:
            # “…,” Jane Roe, the minister, said: the parser missed the subject between the quotation and the cue
            first = cue.i
            while first > 0 and not index.quoted[first - 1] and "\n" not in doc[first - 1].text:
                first -= 1
            stretch = [t for t in doc[first:cue.i] if t.pos_ in ("PROPN", "NOUN", "PRON") and t.ent_type_ not in _WHEN]
            tops = [t for t in stretch if not first <= t.head.i < cue.i]
            if tops or stretch:
                return (tops or stretch)[0], False
            # inverted: “…,” said Jane Roe — the small parser often makes Roe an object
            for child in cue.rights:
                if child.i - cue.i > 4:
                    break
                if child.dep_ in _INVERTED_DEPS and child.pos_ in ("PROPN", "NOUN", "PRON") \
                        and child.ent_type_ not in _WHEN and not index.quoted[child.i]:
                    return child, True
            for i in range(cue.i + 1, min(cue.i + 4, len(doc))):
                if doc[i].ent_type_ in _NAME_LABELS and not index.quoted[i]:
                    ent = next((e for e in doc.ents if e.start <= i < e.end), None)
                    return (ent.root if ent is not None else doc[i]), True
        return None, False


def _subject_extent(head: Token) -> tuple[int, int]:
    """Char offsets of the subject phrase: the head with its determiners, modifiers, compounds and a title's
    "of/for/at" complement; appositions and relative clauses stay out."""
    left = head.i
    for child in head.lefts:
        if child.dep_ in _SUBJECT_LEFT_DEPS:
            left = min(left, child.left_edge.i)
    right = head.i
    for child in head.rights:
        if child.dep_ in _SUBJECT_RIGHT_DEPS or (
                child.dep_ == "prep" and child.lower_ in _TITLE_PREPOSITIONS and head.pos_ != "PRON"):
            right = max(right, child.right_edge.i)
        elif child.i > right + 1:
            break
    doc = head.doc
    while left < head.i and (doc[left].is_punct or doc[left].is_space):
        left += 1
    while right > head.i and (doc[right].is_punct or doc[right].is_space):
        right -= 1
    return doc[left].idx, doc[right].idx + len(doc[right].text)


def _speaker(doc: Doc, head: Token, start: int, end: int, mentions: list[ActorMention]) -> Speaker:
    """The Speaker for a subject phrase, resolved through the actor mentions when one covers it."""
    text = doc_text(doc)[start:end]
    h0, h1 = head.idx, head.idx + len(head.text)
    on_head = [m for m in mentions if m.start < h1 and m.end > h0]
    inside = [m for m in mentions if m.actor is not None and m.start < end and m.end > start]
    mention = next((m for m in on_head if m.actor is not None), None)
    if mention is None and inside:
        mention = max(inside, key=lambda m: m.end - m.start)
    if mention is not None and mention.actor is not None:
        actor = mention.actor
        return Speaker(text=text, name=actor.name, code=actor.code, sector=actor.sector)
    if head.pos_ == "PRON" or head.lower_ in _RELATIVES:
        return Speaker(text=text, name=None, code=None, sector=None)
    ent = next((e for e in doc.ents if e.start <= head.i < e.end and e.label_ in _NAME_LABELS), None)
    if ent is not None:
        name = ent.text
    elif head.pos_ == "PROPN" and head.text[:1].isupper():  # the small tagger calls some titles PROPN
        name = _proper_name(head)
    else:
        name = None
    return Speaker(text=text, name=name, code=None, sector=None)


def _proper_name(head: Token) -> str:
    """The run of proper nouns ending at (or around) `head`: "Mr. Jane Roe" -> "Mr. Jane Roe"."""
    doc = head.doc
    left = head.i
    while left > 0 and doc[left - 1].pos_ == "PROPN" and doc[left - 1].text[:1].isupper():
        left -= 1
    right = head.i
    while right + 1 < len(doc) and doc[right + 1].pos_ == "PROPN" and doc[right + 1].text[:1].isupper() \
            and doc[right + 1].dep_ in ("compound", "flat"):
        right += 1
    return doc[left:right + 1].text


class QuotesComponent:
    """The "thucydides_quotes" pipeline component: sets `doc._.quotes`."""

    def __init__(self, nlp: Language, name: str, cues_path: str | None, min_words: int):
        from .nlp import register_extensions

        register_extensions()
        self.name = name
        self.extractor = QuoteExtractor(QuoteCues.load(cues_path), min_words=min_words)

    def __call__(self, doc: Doc) -> Doc:
        doc._.quotes = [a.quote for a in self.extractor.extract(doc)]
        return doc


@Language.factory(
    "thucydides_quotes",
    assigns=["doc._.quotes"],
    requires=["doc._.actor_mentions", "token.dep"],
    default_config={"cues_path": None, "min_words": MIN_WORDS},
)
def make_quotes(nlp: Language, name: str, cues_path: str | None, min_words: int) -> QuotesComponent:
    """Factory of the "thucydides_quotes" component (`cues_path`: a cue file instead of data/quote_cues.yaml)."""
    return QuotesComponent(nlp, name, cues_path, min_words)
