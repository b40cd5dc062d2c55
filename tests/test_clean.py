"""Cleaning: each kind of boilerplate goes, with its reason and exact offsets; news stays."""

from __future__ import annotations

from pathlib import Path

import pytest

from thucydides.clean import BoilerplateError, Cleaner, clean_text
from thucydides.model import Removal

NEWS = [
    "Farmers in the eastern province blocked three highways on Wednesday to protest a cut in fuel subsidies.",
    "The agriculture minister said the government would meet union leaders on Friday but ruled out reversing the cut.",
    "Police said about 4,000 people took part and that no arrests had been made by the evening.",
    "Union leaders have threatened to extend the blockade to the capital if the talks fail.",
]


def article(*extra: str, news: list[str] = NEWS) -> str:
    return "\n\n".join([*news, *extra])


def check(raw: str) -> tuple[str, list[Removal]]:
    """Clean and verify the offsets contract: cleaned text is raw with each removed span replaced by its
    replacement ("" for boilerplate; the repaired characters for mojibake)."""
    text, removals = clean_text(raw)
    rebuilt, pos = [], 0
    for r in removals:
        assert raw[r.start:r.end] == r.text
        assert r.start >= pos
        rebuilt += [raw[pos:r.start], r.replacement]
        pos = r.end
    rebuilt.append(raw[pos:])
    assert "".join(rebuilt) == text
    for paragraph in NEWS:
        if paragraph in raw:
            assert paragraph in text, f"news removed: {paragraph}"
    return text, removals


def reasons(removals: list[Removal]) -> list[tuple[str, str]]:
    return [(r.reason, r.text.strip()) for r in removals]


def test_clean_article_is_untouched() -> None:
    raw = article()
    assert clean_text(raw) == (raw, [])


def test_comment_prompts() -> None:
    raw = article("Post a reply", "Your e-mail will not be shared. Fields marked * are required", "12 Comments")
    text, removals = check(raw)
    assert reasons(removals) == [("comment-prompt", "Post a reply"),
                                 ("comment-prompt", "Your e-mail will not be shared. Fields marked * are required"),
                                 ("comment-prompt", "12 Comments")]
    assert text.rstrip() == article().rstrip()


def test_donation_appeal_tail_block() -> None:
    raw = article(
        "You're one of our loyal readers",
        "We have kept this site free of charge for eleven years so that everyone can follow the news that matters to you.",
        "Our reporters depend on you. For just €4 a month you can back independent reporting and read without adverts.",
        "Maria Okafor, publisher",
        "Donate",
    )
    text, removals = check(raw)
    assert [r.reason for r in removals] == ["donation-appeal"] * 5
    assert removals[0].text.startswith("You're one of our loyal readers")
    assert text == article() + "\n\n"


def test_tail_block_not_taken_when_news_follows() -> None:
    raw = article(
        "Dear readers, we are moving our offices next month.",
        "The regional governor resigned late on Thursday, two days after the protests began, his office confirmed.",
    )
    text, removals = check(raw)
    # the marker paragraph itself is appeal-like and goes; the news after it stays
    assert "The regional governor resigned late on Thursday" in text
    assert all("governor" not in r.text for r in removals)


def test_subscription_appeals() -> None:
    raw = article("Become a supporter and get early access to our podcasts", "Already a subscriber? Log in here")
    _, removals = check(raw)
    assert reasons(removals) == [("subscription-appeal", "Become a supporter and get early access to our podcasts"),
                                 ("subscription-appeal", "Already a subscriber? Log in here")]


def test_author_bio_with_name_line_at_end() -> None:
    raw = article("Lena Marsh", "Lena Marsh is a Nairobi-based correspondent who covers East African politics and trade.")
    text, removals = check(raw)
    assert reasons(removals) == [("author-bio", "Lena Marsh"),
                                 ("author-bio", "Lena Marsh is a Nairobi-based correspondent who covers East African politics and trade.")]
    assert "Lena Marsh" not in text


def test_bio_like_news_paragraph_mid_article_is_kept() -> None:
    story = "Omar Haddad is a veteran reporter based in Amman who was detained at the border on Sunday."
    raw = "\n\n".join([NEWS[0], story, NEWS[1]])
    text, removals = check(raw)
    assert removals == [] and story in text


def test_bylines() -> None:
    raw = "By Priya Nair and Tom Weller\n\n" + article("Writers: unknown", "Author: Desk staff")
    text, removals = check(raw)
    assert reasons(removals) == [("byline", "By Priya Nair and Tom Weller"), ("byline", "Author: Desk staff")]
    assert "Writers: unknown" in text  # not a byline form we know: kept rather than guessed


def test_photo_captions_mid_text() -> None:
    caption1 = "Rescue workers carry supplies across a flooded street in the old town on Saturday. (Karim Dalil/Reuters)"
    caption2 = "The prime minister, centre, arrives for a summit in Oslo, May 3, 2023. (Anna Berg, Pool photo via AP)"
    caption3 = "Soldiers stand guard outside the parliament building. Jorge Vidal/AFP via Getty Images"
    raw = "\n\n".join([NEWS[0], caption1, NEWS[1], caption2, NEWS[2], caption3, NEWS[3]])
    text, removals = check(raw)
    assert reasons(removals) == [("photo-caption", caption1), ("photo-caption", caption2), ("photo-caption", caption3)]
    assert text == "\n\n".join(NEWS)


def test_parentheses_in_news_are_not_credits() -> None:
    kept = [
        "Senator Ruth Ames (D-Oregon) said the bill would pass.",
        "The talks were hosted by the World Trade Organization (WTO)",
        "The ministry confirmed the figures on Monday (Reuters)",
    ]
    raw = "\n\n".join([NEWS[0], *kept, NEWS[1]])
    text, removals = check(raw)
    assert removals == []


def test_share_lines_and_link_prompts() -> None:
    raw = article("Share this story", "Facebook | Twitter | WhatsApp | Email", "Read also: Ten years after the floods")
    _, removals = check(raw)
    assert [r.reason for r in removals] == ["share-line"] * 3


def test_newsletter_signup() -> None:
    raw = article("Get the morning briefing delivered straight to your inbox. Sign up for our free newsletter.")
    _, removals = check(raw)
    assert [r.reason for r in removals] == ["newsletter"]


def test_news_about_comments_and_members_is_kept() -> None:
    news = [
        "Members of the transport committee said they would make comments on the draft after the recess.",
        "The party has lost almost 20,000 members since the election, its treasurer told reporters.",
        "Comments by the central bank governor sent the currency to a two-year low.",
        "The newspaper said it would ask readers to support its campaign for a public inquiry.",
    ]
    raw = "\n\n".join([NEWS[0], *news])
    text, removals = check(raw)
    assert removals == [] and text == raw


def test_single_newline_paragraphs() -> None:
    raw = "\n".join([*NEWS, "Read more:", "Comments", "Leave a comment"])
    text, removals = check(raw)
    assert [r.reason for r in removals] == ["share-line", "comment-prompt", "comment-prompt"]
    assert text.rstrip("\n") == "\n".join(NEWS)


def test_hard_wrapped_paragraph_loses_only_the_byline_line() -> None:
    wrapped = (
        "The coastal town voted on Sunday to ban new holiday lets in its centre, a\n"
        "measure the mayor said would bring families back to streets that have\n"
        "emptied over the last decade.\n"
        "Authors: Hana Lee, Coastal Desk"
    )
    text, removals = check(wrapped + "\n\n" + NEWS[0])
    assert reasons(removals) == [("byline", "Authors: Hana Lee, Coastal Desk")]
    assert "emptied over the last decade.\n\n" in text


def test_loader_reports_bad_regex_with_line(tmp_path: Path) -> None:
    bad = tmp_path / "rules.yaml"
    bad.write_text(
        "tail:\n  min_position: 0.3\n  short_words: 12\n  vocabulary: 'reader'\n  addressee: 'you'\n"
        "rules:\n  - reason: share-line\n    phrases: [Share]\n  - reason: byline\n    pattern: 'by (unclosed'\n",
        encoding="utf-8",
    )
    with pytest.raises(BoilerplateError, match=r"rules\.yaml:10: .*does not compile"):
        Cleaner.from_file(bad)


def test_loader_rejects_unknown_reason(tmp_path: Path) -> None:
    bad = tmp_path / "rules.yaml"
    bad.write_text(
        "tail:\n  min_position: 0.3\n  short_words: 12\n  vocabulary: 'reader'\n  addressee: 'you'\n"
        "rules:\n  - reason: share-line\n    phrases: [Share]\n  - reason: adverts\n    phrases: [Ad]\n",
        encoding="utf-8",
    )
    with pytest.raises(BoilerplateError, match=r"rules\.yaml:9: unknown reason 'adverts'"):
        Cleaner.from_file(bad)


def test_custom_rules_file(tmp_path: Path) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text(
        "tail:\n  min_position: 0.3\n  short_words: 12\n  vocabulary: 'reader'\n  addressee: 'you'\n"
        "rules:\n  - reason: advertisement\n    scope: line\n    phrases: [Promoted]\n",
        encoding="utf-8",
    )
    cleaner = Cleaner.from_file(rules)
    text, removals = cleaner.clean(NEWS[0] + "\n\nPromoted\n\nComments\n")
    assert [r.reason for r in removals] == ["advertisement"]
    assert "Comments" in text  # not in this rule set


def test_moderation_notice_is_a_comment_prompt() -> None:
    raw = article("Comments are moderated and may take up to 24 hours to appear. Please keep the discussion civil.")
    text, removals = check(raw)
    assert [r for r, _ in reasons(removals)] == ["comment-prompt"]
    assert text.rstrip() == article().rstrip()


@pytest.mark.parametrize("extra, kept", [
    # mojibake in a kept paragraph: repaired, recorded, offsets still into the raw text
    ("The union\u00e2\u20ac\u2122s leaders will meet again.", "The union’s leaders will meet again."),
    # mojibake in boilerplate: it goes with the boilerplate, one removal
    ("Share this article\u00e2\u20ac\u00a6", None),
])
def test_mojibake_repair_keeps_the_offsets_contract(extra: str, kept: str | None) -> None:
    text, removals = check(article(extra))
    if kept is None:
        assert [r.reason for r in removals] == ["share-line"]
    else:
        assert kept in text and [r.reason for r in removals] == ["mojibake"]
