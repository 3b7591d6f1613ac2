"""A generated corpus in the style of conflict reporting, for ``casus bench``.

Deterministic (seeded) sentence templates: every sentence names two actors and two
places and holds an event, denser than real news, so the benchmark needs no data
besides casus itself.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

__all__ = ["generate_corpus"]

_ACTORS = [
    "Russia",
    "Azerbaijan",
    "Armenia",
    "Iran",
    "Turkey",
    "the Kremlin",
    "Baku",
    "Moscow",
    "Ankara",
    "Tehran",
    "Yerevan",
    "NATO",
    "the European Union",
    "President Ilham Aliyev",
    "Vladimir Putin",
    "Nikol Pashinyan",
    "the Russian Defence Ministry",
    "Azerbaijan's foreign ministry",
    "Kremlin spokesman Dmitry Peskov",
    "Armenian border guards",
    "the CSTO",
    "Georgian officials",
    "Ukraine",
    "Kyiv",
    "Washington",
]
_PLACES = [
    "Gyumri",
    "Khachmaz",
    "Dagestan",
    "Syunik",
    "Nakhchivan",
    "the Caspian Sea",
    "Aktau",
    "Derbent",
    "Tbilisi",
    "Rostov",
    "Karabakh",
    "Lachin",
    "Ganja",
    "Makhachkala",
    "Astara",
    "the Black Sea",
    "Shusha",
    "Goris",
    "Yekaterinburg",
    "Tabriz",
]
_DATES = [
    "on Monday",
    "on Tuesday",
    "last week",
    "on July 21",
    "in March",
    "yesterday",
    "on 14 June",
    "earlier this month",
    "in 2024",
    "on Friday",
]
_TEMPLATES = [
    "{a} said {d} that talks with {b} on the situation near {p} would continue.",
    "According to officials in {p}, {a} has moved additional units towards {q}.",
    "{a} and {b} held consultations in {p} {d}, a statement said.",
    "Media reported that {a} may restrict transit through {p} in the coming months.",
    "{a} denied reports that troops had been sent to {p}.",
    "If {a} decides to press ahead, {b} could respond near {q}, analysts warned.",
    "The meeting in {p} {d} ended without a joint declaration, diplomats said.",
    "{a} accused {b} of provoking tension along the border with {p}.",
    "Residents of {p} told reporters that the situation had been calm since {d_bare}.",
    "{a} will hold exercises in {p} next month, the ministry announced.",
    "Officials from {a} visited {p} and {q} to inspect the new checkpoints.",
    "There is no official confirmation that {a} plans to open a base in {p}.",
    "{a} welcomed the agreement signed {d} and called on {b} to implement it.",
    "Trade between {a} and {b} through {p} has fallen sharply, figures show.",
    "Experts believe {a} is unlikely to escalate the dispute over {p}.",
]


def generate_corpus(articles: int, words: int, *, seed: int = 7) -> list[str]:
    """``articles`` texts of about ``words`` words, with headers and paragraphs."""
    rng = random.Random(seed)
    corpus = []
    for n in range(articles):
        published = date(2025, 1, 1) + timedelta(days=rng.randrange(300))
        lines = [
            f"Title: Tensions around {rng.choice(_PLACES).removeprefix('the ')} (sample {n})",
            f"Date: {published.isoformat()}",
            "Source: casus bench generator",
            "",
        ]
        count = 0
        paragraph: list[str] = []
        while count < words:
            a, b = rng.sample(_ACTORS, 2)
            p, q = rng.sample(_PLACES, 2)
            d = rng.choice(_DATES)
            sentence = rng.choice(_TEMPLATES).format(
                a=a, b=b, p=p, q=q, d=d, d_bare=d.removeprefix("on ").removeprefix("in ")
            )
            sentence = sentence[0].upper() + sentence[1:]
            paragraph.append(sentence)
            count += len(sentence.split())
            if len(paragraph) == 3:
                lines += [" ".join(paragraph), ""]
                paragraph = []
        if paragraph:
            lines.append(" ".join(paragraph))
        corpus.append("\n".join(lines))
    return corpus
