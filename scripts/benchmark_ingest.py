#!/usr/bin/env python3
"""How long the archive takes to build, per document, as the number of documents grows.

Generates N film pages (each with five reviews that name other films and people) and N/4 interviews
into a temporary folder, builds them as ``build_fixtures`` does, and prints the time per document.
The build should be linear: the time per document should not grow with N.

    python scripts/benchmark_ingest.py                  N = 200, 1,000 and 4,000
    python scripts/benchmark_ingest.py --sizes 500 8000
    make bench-ingest

Pure Python: no database, no Django settings.
"""

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from filmarchive.ingest import build_archive, fixture_json

ROLES = ("director", "writer", "cast", "narrator", "producer", "cinematographer", "editor", "composer")
SYLLABLES = ("ka", "ri", "mo", "tel", "an", "sel", "vi", "dor", "pa", "lu", "min", "es", "ta", "ro", "gen")
WORDS = ("harbour", "winter", "silence", "river", "glass", "orchard", "lantern", "border", "tide", "mirror")
SITES = ["Letterboxd", "Mubi", "Sight and Sound", "Little White Lies"]


def seeded(seed: int) -> random.Random:
    """A generator of made-up names and titles: the same for the same seed, nothing secret."""
    return random.Random(seed)  # noqa: S311


def word(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(syllables)).capitalize()


def person(index: int) -> str:
    rng = seeded(index)
    return f"{word(rng, 2)} {word(rng, 3)}"


def title(index: int) -> str:
    rng = seeded(10_000_000 + index)
    return f"The {rng.choice(WORDS).capitalize()} of {word(rng, 3)} {index}"


def film_page(index: int, films: int, rng: random.Random) -> str:
    directors = [person(3 * index)]
    cast = [person(rng.randrange(films * 3)) for _ in range(5)]
    others = [title(rng.randrange(films)) for _ in range(6)]
    critics = rng.sample(range(200), 5)
    lines = [
        title(index),
        str(1950 + index % 70),
        "Directed by " + " and ".join(directors),
        "Starring " + ", ".join(cast[:-1]) + f", and {cast[-1]}",
        f"A story told in the manner of {others[0]}, with {cast[0]} as a woman who cannot leave her town.",
        "Add a review",
        "See more films",
    ]
    for n, critic in enumerate(critics):
        half_stars = 1 + (index + n) % 10
        stars = "★" * (half_stars // 2) + ("½" if half_stars % 2 else "")
        lines += [
            f"  • {stars} review by {person(1_000_000 + critic)} on {SITES[n % len(SITES)]}",
            f"    Watched {1 + n} Mar 2021",
            f"    {directors[0]} films the town the way {others[1]} filmed the sea: patiently, and from far "
            f"away. It is better than {others[2]} and wiser than {others[3]}.",
            f"    The performances carry it, {cast[1]} above all; the score is the weak part, as it was in "
            f"{others[4]}.",
            f"    See it for the last reel, which remembers {others[5]} without copying it.",
        ]
    lines.append("  • See all reviews")
    return "\n\n".join(lines) + "\n"


def interview(index: int, films: int, rng: random.Random) -> str:
    film = rng.randrange(films)
    director = person(3 * film)
    critic = person(1_000_000 + rng.randrange(200))
    lines = [
        f"Interview by {critic}",
        f"For a decade the director {director} has filmed small towns; with “{title(film)},” the town "
        "became a country.",
        f"{critic}: How did it start?",
        f"{director}: With a photograph of my grandmother’s street. Everything came from it.",
        f"And the ending? It reminded me of {title(rng.randrange(films))}.",
        "I wanted the end to be quiet. Nobody believed me until the first screening.",
        "Was it hard to finance?",
        "Everything is hard to finance. This was only a little harder.",
    ]
    return "\n\n".join(lines) + "\n"


def generate(folder: Path, films: int, interviews: int) -> None:
    rng = seeded(films)
    for index in range(films):
        (folder / f"film-{index:05d}.txt").write_text(film_page(index, films, rng), encoding="utf-8")
    for index in range(interviews):
        (folder / f"interview-{index:05d}.txt").write_text(interview(index, films, rng), encoding="utf-8")


def measure(films: int, interviews: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        generate(folder, films, interviews)
        wall, cpu = time.perf_counter(), time.process_time()
        records = build_archive(folder, ROLES)
        built_wall = time.perf_counter()
        fixture_json(records)
        done_wall, done_cpu = time.perf_counter(), time.process_time()
    return {
        "records": len(records),
        "build": built_wall - wall,
        "json": done_wall - built_wall,
        "cpu": done_cpu - cpu,
        "total": done_wall - wall,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=[200, 1_000, 4_000], help="numbers of film pages"
    )
    parser.add_argument("--interviews", type=float, default=0.25, help="interviews per film page (0.25)")
    arguments = parser.parse_args()
    # Wall-clock seconds for building the records and for writing the fixture's JSON, their sum, the
    # CPU seconds of the two (what the build costs on a shared machine), and the time per document.
    print(
        f"{'film pages':>10} {'interviews':>10} {'records':>8} {'build s':>8} {'JSON s':>7} {'total s':>8} "
        f"{'CPU s':>6} {'ms/doc':>7}"
    )
    for films in arguments.sizes:
        interviews = int(films * arguments.interviews)
        m = measure(films, interviews)
        print(
            f"{films:>10,} {interviews:>10,} {m['records']:>8,.0f} {m['build']:>8.2f} {m['json']:>7.2f} "
            f"{m['total']:>8.2f} {m['cpu']:>6.2f} {1000 * m['total'] / (films + interviews):>7.2f}"
        )


if __name__ == "__main__":
    main()
