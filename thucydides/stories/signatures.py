"""What story placement and reprint detection keep of each article, so that a run never re-reads old texts.

    sigs = featurize(docs, cluster_config, duplicate_config, today=date.today())   # list[Signature]
    df = DocFreq.of(sigs)                       # or read back from the store for the features at hand
    matrices = df.weigh(sigs)                   # per block: row-normalised TF-IDF rows (scipy CSR)

A signature holds, per block, HASHED term counts (sklearn's HashingVectorizer: stateless, so an article's vector
never changes when new articles arrive) with sublinear tf, and the MinHash of its word shingles. IDF is applied at
placement time from document frequencies that are counted incrementally (`DocFreq`), so stored vectors never go
stale. Index keys (`Signature.keys`, `lsh_buckets`) are what the store's inverted index and LSH bucket table hold.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from .model import StoryInput

if TYPE_CHECKING:
    from .clustering import ClusterConfig
    from .duplicates import DuplicateConfig

# hashed feature space per block: wide enough that collisions are rare for news vocabularies (unigrams + bigrams)
BLOCK_FEATURES = {"text": 2 ** 20, "entities": 2 ** 18, "context": 2 ** 16, "embedding": 2 ** 12}
BLOCKS = tuple(BLOCK_FEATURES)
_BLOCK_ID = {name: i for i, name in enumerate(BLOCKS)}
_NAME_NOISE = re.compile(r"^(the|a|an)\s+", re.I)


@dataclass(frozen=True)
class Terms:
    """A sparse vector: sorted feature ids and their weights."""

    indices: Any  # np.ndarray[int32]
    values: Any  # np.ndarray[float32]

    def encode(self) -> bytes:
        return self.indices.astype("<i4").tobytes() + self.values.astype("<f4").tobytes()

    @classmethod
    def decode(cls, blob: bytes | None) -> Terms:
        import numpy as np

        n = len(blob or b"") // 8
        raw = bytes(blob or b"")
        return cls(np.frombuffer(raw[:4 * n], dtype="<i4"), np.frombuffer(raw[4 * n:], dtype="<f4"))

    def __len__(self) -> int:
        return len(self.indices)


@dataclass
class Signature:
    """One article's stored signature. `day`: the day placement dates it by (publication date, else the day it
    was linked; None in memory-only clustering of undated documents: no decay, no window)."""

    article_id: str
    day: int | None
    order: tuple[date, str]  # processing order: publication date (undated last), then id
    blocks: dict[str, Terms] = field(default_factory=dict)
    minhash: Any = None  # np.ndarray[uint32] of DuplicateConfig.num_perm values; None: no words


@dataclass
class StoryIndexRows:
    """What one link writes to the story index (`Store.write_story_links`): the signatures of the articles it
    placed, their LSH buckets (article id, band, bucket) and index keys (article id, key, day, story id), the
    articles whose index rows go (`removed`), and the new document frequencies of the features it changed."""

    signatures: list[Signature] = field(default_factory=list)
    buckets: list[tuple[str, int, int]] = field(default_factory=list)
    keys: list[tuple[str, int, int, str]] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    doc_freq: dict[str, dict[int, int]] = field(default_factory=dict)
    docs: int = 0


def entity_tokens(doc: StoryInput) -> list[str]:
    tokens = []
    for name in (*doc.names, *doc.actors):
        name = _NAME_NOISE.sub("", name.strip()).lower()
        if len(name) < 2:
            continue
        tokens.append(name)
        words = name.split()
        if len(words) > 1:
            tokens.append(words[-1])  # "tara reid" and a later "reid" meet on the surname
    return tokens


def context_tokens(doc: StoryInput) -> list[str]:
    tokens = [f"dyad:{d}" for d in doc.dyads if not d.endswith("->-")]
    for value in doc.dates:
        tokens.append(f"year:{value[:4]}")
        if len(value) >= 7:
            tokens.append(f"month:{value[:7]}")
    return tokens


def _identity(tokens: list[str]) -> list[str]:
    return tokens


def order_of(doc: StoryInput) -> tuple[date, str]:
    return (doc.published or date.max, doc.article_id)


def featurize(docs: Sequence[StoryInput], cluster: ClusterConfig, duplicates: DuplicateConfig | None = None,
              *, today: date | None = None) -> list[Signature]:
    """Signatures of `docs`. An undated article is dated by the day it was processed, else `today` (None: left
    undated); `duplicates` None: no MinHash (clustering only)."""
    import numpy as np
    from sklearn.feature_extraction.text import HashingVectorizer

    if not docs:
        return []
    texts = [f"{d.title or ''}\n{d.text}" for d in docs]
    counts = {
        "text": HashingVectorizer(n_features=BLOCK_FEATURES["text"], stop_words="english", ngram_range=(1, 2),
                                  alternate_sign=False, norm=None).transform(texts),
        "entities": HashingVectorizer(n_features=BLOCK_FEATURES["entities"], analyzer=_identity,
                                      alternate_sign=False, norm=None).transform([entity_tokens(d) for d in docs]),
        "context": HashingVectorizer(n_features=BLOCK_FEATURES["context"], analyzer=_identity,
                                     alternate_sign=False, norm=None).transform([context_tokens(d) for d in docs]),
    }
    if cluster.embed is not None and cluster.embedding_weight > 0:
        from scipy.sparse import csr_matrix

        counts["embedding"] = csr_matrix(np.asarray(cluster.embed(texts), dtype=np.float32))
    sigs = []
    for row, doc in enumerate(docs):
        day = doc.published or doc.processed or today
        blocks = {}
        for name, matrix in counts.items():
            vec = matrix[row]
            vec.sort_indices()
            values = vec.data.astype(np.float32)
            if name != "embedding":
                values = 1.0 + np.log(values)  # sublinear tf, as TfidfVectorizer(sublinear_tf=True)
            blocks[name] = Terms(vec.indices.astype(np.int32), values.astype(np.float32))
        minhash = _minhash(doc.text, duplicates) if duplicates is not None else None
        sigs.append(Signature(doc.article_id, day.toordinal() if day else None, order_of(doc), blocks, minhash))
    return sigs


def _minhash(text: str, cfg: DuplicateConfig) -> Any:
    import numpy as np
    from datasketch import MinHash

    from .duplicates import shingles

    grams = shingles(text, cfg.shingle)
    if not grams:
        return None
    mh = MinHash(num_perm=cfg.num_perm)
    mh.update_batch(g.encode("utf-8") for g in grams)
    return mh.hashvalues.astype(np.uint32)  # datasketch keeps them below 2**32: half the bytes


def decode_minhash(blob: bytes | None) -> Any:
    import numpy as np

    return np.frombuffer(bytes(blob), dtype="<u4") if blob else None


def jaccard(a: Any, b: Any) -> float:
    """Estimated Jaccard similarity of two MinHash signatures (as datasketch's MinHash.jaccard)."""
    import numpy as np

    return float(np.count_nonzero(a == b)) / len(a)


@functools.lru_cache(maxsize=8)
def lsh_bands(cfg: DuplicateConfig) -> tuple[int, int]:
    """(bands, rows per band) that datasketch's MinHashLSH would choose for the reprint threshold. Cached: the
    choice integrates error probabilities numerically (~0.1 s), and depends on the configuration only."""
    from datasketch.lsh import _optimal_param

    return _optimal_param(cfg.reprint_jaccard, cfg.num_perm, 0.5, 0.5)


def lsh_buckets(minhash: Any, cfg: DuplicateConfig) -> list[tuple[int, int]]:
    """(band, bucket) of each LSH band of a signature. Hand-written rather than datasketch's MinHashLSH because the
    buckets live in the store's table, not in memory: a bucket is a 63-bit hash of the band's values."""
    if minhash is None:
        return []
    bands, rows = lsh_bands(cfg)
    out = []
    for band in range(bands):
        chunk = minhash[band * rows:(band + 1) * rows].astype("<u4").tobytes()
        digest = hashlib.blake2b(chunk, digest_size=8, person=b"band%04d" % band).digest()
        out.append((band, int.from_bytes(digest, "big") >> 1))
    return out


def block_key(block: str, feature: int) -> int:
    """One key space for the inverted index: the block in the high bits, the hashed feature in the low ones."""
    return (_BLOCK_ID[block] << 32) | int(feature)


class DocFreq:
    """Document frequencies per block, for IDF: counts of the features asked for, and the document count."""

    def __init__(self, docs: int = 0, counts: dict[str, dict[int, int]] | None = None):
        self.docs = docs
        self.counts: dict[str, dict[int, int]] = counts or {name: {} for name in BLOCKS}

    @classmethod
    def of(cls, sigs: Iterable[Signature]) -> DocFreq:
        df = cls()
        df.add(sigs)
        return df

    def add(self, sigs: Iterable[Signature], sign: int = 1) -> None:
        for sig in sigs:
            self.docs += sign
            for name, terms in sig.blocks.items():
                counts = self.counts.setdefault(name, {})
                for feature in terms.indices.tolist():
                    counts[feature] = counts.get(feature, 0) + sign

    def weigh(self, sigs: Sequence[Signature], max_df: float, max_df_from: int) -> dict[str, Any]:
        """Per block: the row-normalised TF-IDF matrix of `sigs` (smooth IDF as sklearn's; in the text block,
        features in more than `max_df` of the documents are dropped once there are `max_df_from` documents).
        A block no signature has is left out."""
        import numpy as np
        from scipy.sparse import csr_matrix
        from sklearn.preprocessing import normalize

        out = {}
        for name in BLOCKS:
            rows = [s.blocks.get(name) for s in sigs]
            if not any(r is not None and len(r) for r in rows):
                continue
            indptr = np.zeros(len(sigs) + 1, dtype=np.int64)
            indptr[1:] = np.cumsum([len(r) if r is not None else 0 for r in rows])
            indices = np.concatenate([r.indices for r in rows if r is not None and len(r)]).astype(np.int32)
            values = np.concatenate([r.values for r in rows if r is not None and len(r)]).astype(np.float64)
            if name != "embedding":
                counts = self.counts.get(name, {})
                df = np.fromiter((counts.get(f, 0) for f in indices.tolist()), dtype=np.float64, count=len(indices))
                values = values * (np.log((1.0 + self.docs) / (1.0 + df)) + 1.0)
                if name == "text" and self.docs >= max_df_from:
                    values[df > max_df * self.docs] = 0.0
            matrix = csr_matrix((values, indices, indptr), shape=(len(sigs), BLOCK_FEATURES[name]))
            matrix.eliminate_zeros()
            out[name] = normalize(matrix).tocsr()
        return out


def query_keys(sig: Signature) -> set[int]:
    """What a new article looks its candidate stories up by: every entity and text feature it has (matched against
    the stored `index_keys` of the stories' articles)."""
    return {block_key(block, f) for block in ("entities", "text") if block in sig.blocks
            for f in sig.blocks[block].indices.tolist()}


def index_keys(weighted: dict[str, Any], row: int, top_terms: int) -> set[int]:
    """The inverted-index keys stored for one weighted row: every entity feature and its `top_terms` heaviest text
    terms (the rarest: what a later report of the same story most likely repeats)."""
    import numpy as np

    keys: set[int] = set()
    ents = weighted.get("entities")
    if ents is not None:
        keys.update(block_key("entities", f) for f in ents[row].indices.tolist())
    text = weighted.get("text")
    if text is not None and top_terms > 0:
        vec = text[row]
        if vec.nnz:
            top = vec.indices[np.argsort(-vec.data, kind="stable")[:top_terms]]
            keys.update(block_key("text", f) for f in top.tolist())
    return keys
