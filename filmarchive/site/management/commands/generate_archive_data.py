"""Fill the database with a large, realistic, made-up archive, for benchmarks and scale tests.

    python manage.py generate_archive_data --films 20000 --people 100000 --reviews 1000000 \\
        --members 50000 --seed 1

The same arguments on an empty archive (or on the loaded fixture) always give the same records. What
it makes is shaped like a real film site:

- films with credits (a director, sometimes two, and cast); directors are drawn so that a few made
  dozens of films;
- reviews whose text mixes very common words with rare ones (so search meets both), one popular film
  holding 20 % of them, and members drawn so that a few wrote thousands; critics' reviews carry the
  place they first appeared; most reviews are rated and dated, a few are spoilers;
- members (accounts with their person), and a few interviews with turns.

Records are added beside whatever is there (slugs carry the seed). Inserts go in batches, reviews by
``COPY`` on PostgreSQL; the films' stored ratings are recounted once at the end, the planner's
statistics refreshed, and the archive's version bumped so that no cached page survives.
"""

import random
import time
from datetime import UTC, date, datetime, timedelta
from itertools import accumulate

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from filmarchive.models import Credit, Film, Person, User
from filmarchive.pagecache import archive_changed
from interviews.models import Interview, Turn
from reviews.models import FilmRating, Review


def words(text):
    return tuple(text.split())


FIRST_NAMES = words("""
Ada Agnès Akira Alain Alice Ana Andrei Anna Apichatpong Asghar Bela Bong Carl Chantal Claire Chloé
Céline Dario Dee Edward Elena Eric Fatih Federico Hirokazu Hong Ingmar Jacques Jafar Jane Jean Jia
Joanna Joshua Kelly Kira Krzysztof Lav Lucrecia Lynne Maren Mati Mia Michael Mira Naomi Nuri Olivier
Park Paul Pedro Rithy Ruben Ryusuke Sally Samira Sergei Shirin Sofia Tsai Ulrike Věra Wim Wong Yasujirō
""")
LAST_NAMES = words("""
Akerman Andersson Antonioni Assayas Bergman Bigelow Bresson Ceylan Chahine Dardenne Denis Diop Dumont
Farhadi Fassbinder Godard Haneke Hamaguchi Hou Iosseliani Jancsó Kiarostami Kore-eda Kurosawa Lanthimos
Linklater Makhmalbaf Martel Mizoguchi Mungiu Ozu Panahi Pasolini Polley Reichardt Rohmer Ruiz Sciamma
Sokurov Tarkovsky Tarr Varda Vigo Weerasethakul Wenders Yang Zhangke Zvyagintsev Östlund Żuławski
""")
TITLE_WORDS = words("""
Silent Harbour Night Summer Winter Letter River Garden Mirror Stranger Island Road Picture Memory Ashes
Salt Glass Echo Horizon Bridge Orchard Lantern Window Shadow Tide Hunger Daughter Son Mother Father
Ghost Fire Water Stone Wind Paper Song Circus Kingdom Border Evening Morning Machine City
""")
COMMON = words("""
the of and a to in is it that this film with as but for its on his her an by at from are one more than
not be has what who all so about out into which their there when story camera time life world scenes
director picture performance image images characters way even first much through after most moments own
every only both how where cinema feels shot frame light sound also never long work between still finally
beautiful quiet family history memory war love death between country past present documentary narrative
audience watching screen viewer face faces voice music silence landscape city night day years people
small moving slow patient tender brutal strange funny sad grief hope violence archive clay figures
reconstruction politics regime truth lies remember forgotten childhood house home
""")
RARE = words("""
aspic palimpsest zoetrope chiaroscuro quixotic lugubrious sfumato apotropaic crepuscular susurrus
anamorphic diegetic hauntology ekphrasis bricolage phantasmagoria kinetoscope vellum cenotaph gloaming
marzipan obsidian halcyon rhizome syzygy verisimilitude tintype saudade fugue ossuary
""")
VENUES = (
    "Letterboxd",
    "Sight and Sound",
    "Film Comment",
    "Cahiers",
    "MUBI Notebook",
    "Reverse Shot",
    "Slant",
)
POPULAR_SHARE = 0.2
MEMBER_SHARE = 0.8
BATCH = 5000
REVIEW_COLUMNS = [
    "film_id",
    "author_id",
    "rating",
    "body",
    "published_on",
    "watched_on",
    "first_published_in",
    "contains_spoilers",
    "status",
    "member_id",
    "created_at",
    "updated_at",
]


def zipf_weights(n, s):
    return list(accumulate(1 / (rank**s) for rank in range(1, n + 1)))


class Text:
    """Review-like prose: Zipf-distributed common words, now and then a rare one."""

    def __init__(self, rng):
        self.rng = rng
        self.common_weights = zipf_weights(len(COMMON), 1.0)

    def sentence(self):
        rng = self.rng
        words = rng.choices(COMMON, cum_weights=self.common_weights, k=rng.randint(6, 18))
        if rng.random() < 0.04:
            words[rng.randrange(len(words))] = rng.choice(RARE)
        return " ".join(words).capitalize() + "."

    def paragraphs(self, low, high):
        rng = self.rng
        return "\n\n".join(
            " ".join(self.sentence() for _ in range(rng.randint(1, 5))) for _ in range(rng.randint(low, high))
        )


class Command(BaseCommand):
    help = (
        "Add a large, deterministic, realistic made-up archive: films, people, members, reviews, interviews."
    )

    def add_arguments(self, parser):
        parser.add_argument("--films", type=int, default=200)
        parser.add_argument("--people", type=int, default=1000)
        parser.add_argument("--reviews", type=int, default=5000)
        parser.add_argument("--members", type=int, default=500)
        parser.add_argument("--interviews", type=int, default=None, help="Default: one per 100 films.")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, films, people, reviews, members, interviews, seed, **options):
        if films < 2 or people < 10 or members < 1 or reviews < 0:
            raise CommandError("Give at least 2 films, 10 people and 1 member.")
        self.rng = random.Random(seed)  # noqa: S311 (made-up data, not secrets)
        self.text = Text(self.rng)
        self.tag = f"g{seed}"
        if Film.objects.filter(slug__startswith=f"{self.tag}-").exists():
            raise CommandError(f"This database already has the records of seed {seed}; choose another seed.")
        started = time.monotonic()
        with transaction.atomic():
            person_ids = self.make_people(people)
            member_ids = self.make_members(members)
            film_ids = self.make_films(films)
            directors = self.make_credits(film_ids, person_ids)
            self.make_interviews(
                interviews if interviews is not None else films // 100, film_ids, directors, person_ids
            )
        self.log(f"films, people, members, credits, interviews in {time.monotonic() - started:.0f} s")
        self.make_reviews(reviews, film_ids, person_ids, member_ids)
        self.log(f"{reviews} reviews in {time.monotonic() - started:.0f} s")
        with transaction.atomic():
            FilmRating.objects.recount()
            archive_changed()
        if connection.vendor == "postgresql":
            # Fresh statistics for the planner, and GIN's pending entries merged into the index.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE" if connection.get_autocommit() else "ANALYZE")
        self.log(f"done in {time.monotonic() - started:.0f} s")

    def log(self, message):
        self.stdout.write(message)

    def name(self):
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"

    def bulk(self, model, objects):
        created = []
        for start in range(0, len(objects), BATCH):
            created += model._base_manager.bulk_create(objects[start : start + BATCH])
        return [obj.pk for obj in created]

    def make_people(self, count):
        people = []
        for i in range(count):
            name = self.name()
            last = name.rsplit(" ", 1)[-1]
            people.append(
                Person(name=name, slug=f"{self.tag}-p{i}", sort_name=f"{last}, {name}", biography=self.bio())
            )
        return self.bulk(Person, people)

    def bio(self):
        return self.text.paragraphs(1, 1) if self.rng.random() < 0.3 else ""

    def make_members(self, count):
        people = [
            Person(name=f"{self.name()} {i}", slug=f"{self.tag}-m{i}", sort_name=f"Member {i}")
            for i in range(count)
        ]
        person_ids = self.bulk(Person, people)
        users = [
            # "!" starts an unusable password: these accounts cannot sign in.
            User(username=f"{self.tag}-member-{i}", password="!", person_id=person_id)  # noqa: S106
            for i, person_id in enumerate(person_ids)
        ]
        return list(zip(self.bulk(User, users), person_ids, strict=True))

    def make_films(self, count):
        rng = self.rng
        films = []
        for i in range(count):
            title = " ".join(rng.sample(TITLE_WORDS, rng.randint(1, 3)))
            title = f"The {title}" if rng.random() < 0.4 else title
            films.append(
                Film(
                    title=title,
                    slug=f"{self.tag}-f{i}",
                    year=rng.randint(1920, 2025) if rng.random() < 0.9 else None,
                    synopsis=self.text.paragraphs(1, 1),
                    runtime_minutes=rng.randint(60, 200),
                )
            )
        return self.bulk(Film, films)

    def make_credits(self, film_ids, person_ids):
        """A director per film (prolific ones often), some with a second; cast from the rest."""
        rng = self.rng
        pool = person_ids[: max(1, len(person_ids) // 10)]
        cast_pool = person_ids[len(pool) :] or person_ids
        # A few directors made dozens of films (about 50 for the first at 20,000 films), most one or two.
        weights = zipf_weights(len(pool), 0.4)
        credits, directors = [], {}
        for film_id in film_ids:
            chosen = set(rng.choices(pool, cum_weights=weights, k=2 if rng.random() < 0.1 else 1))
            directors[film_id] = sorted(chosen)
            credits += [Credit(film_id=film_id, person_id=p, role=Credit.Role.DIRECTOR) for p in chosen]
            cast = set(rng.sample(cast_pool, min(len(cast_pool), rng.randint(2, 6))))
            credits += [
                Credit(film_id=film_id, person_id=p, role=Credit.Role.CAST, order=n)
                for n, p in enumerate(cast)
            ]
        self.bulk(Credit, credits)
        return directors

    def make_interviews(self, count, film_ids, directors, person_ids):
        rng = self.rng
        interviews = []
        for i in range(count):
            film_id = rng.choice(film_ids)
            interviews.append(
                (
                    Interview(
                        title=f"A conversation {i}",
                        slug=f"{self.tag}-i{i}",
                        introduction=self.text.paragraphs(1, 2),
                        published_on=date(2010, 1, 1) + timedelta(days=rng.randrange(5000)),
                    ),
                    film_id,
                    directors[film_id][0],
                    rng.choice(person_ids),
                )
            )
        created = self.bulk(Interview, [interview for interview, *_ in interviews])
        films, subjects, interviewers, turns = [], [], [], []
        for pk, (_, film_id, subject, interviewer) in zip(created, interviews, strict=True):
            films.append(Interview.films.through(interview_id=pk, film_id=film_id))
            subjects.append(Interview.subjects.through(interview_id=pk, person_id=subject))
            interviewers.append(Interview.interviewers.through(interview_id=pk, person_id=interviewer))
            for position in range(1, 11):
                question = position % 2
                turns.append(
                    Turn(
                        interview_id=pk,
                        position=position,
                        kind=Turn.Kind.QUESTION if question else Turn.Kind.ANSWER,
                        speaker_id=interviewer if question else subject,
                        body=self.text.paragraphs(1, 1 if question else 3),
                    )
                )
        for model, rows in (
            (Interview.films.through, films),
            (Interview.subjects.through, subjects),
            (Interview.interviewers.through, interviewers),
            (Turn, turns),
        ):
            self.bulk(model, rows)

    def review_authors(self, count, film_ids, person_ids, member_ids):
        """(film id, author id, venue or "", member id or None) for each review, all distinct."""
        rng = self.rng
        critics = person_ids[len(person_ids) // 10 :: 3] or person_ids
        member_weights = zipf_weights(len(member_ids), 0.75)
        film_weights = zipf_weights(len(film_ids) - 1, 0.5)
        popular, others = film_ids[0], film_ids[1:]
        taken = set()
        # The popular film's reviewers: every member and critic at each venue, in a shuffled order.
        pairs = [(person_id, "", user_id) for user_id, person_id in member_ids]
        pairs += [(critic, venue, None) for critic in critics for venue in VENUES]
        rng.shuffle(pairs)
        popular_pairs = iter(pairs)
        for _ in range(count):
            if rng.random() < POPULAR_SHARE:
                pair = next(popular_pairs, None)
                if pair is not None:
                    yield (popular, *pair)
                    continue
            for _attempt in range(20):
                film_id = rng.choices(others, cum_weights=film_weights)[0] if others else popular
                if rng.random() < MEMBER_SHARE:
                    user_id, author = rng.choices(member_ids, cum_weights=member_weights)[0]
                    venue = ""
                else:
                    user_id, author, venue = None, rng.choice(critics), rng.choice(VENUES)
                if (film_id, author, venue) not in taken and film_id != popular:
                    taken.add((film_id, author, venue))
                    yield film_id, author, venue, user_id
                    break

    def make_reviews(self, count, film_ids, person_ids, member_ids):
        rng = self.rng
        first_day = date(2008, 1, 1)
        rows = []
        for film_id, author, venue, user_id in self.review_authors(count, film_ids, person_ids, member_ids):
            published = first_day + timedelta(days=rng.randrange(18 * 365)) if rng.random() < 0.97 else None
            written = datetime.combine(published, datetime.min.time(), UTC) if user_id and published else None
            rating = None if rng.random() < 0.1 else min(10, max(1, round(rng.gauss(7, 2))))
            rows.append(
                (
                    film_id,
                    author,
                    rating,
                    self.text.paragraphs(1, 4),
                    published,
                    None,
                    venue,
                    rng.random() < 0.03,
                    Review.Status.PUBLISHED if rng.random() < 0.995 else Review.Status.HIDDEN,
                    user_id,
                    written,
                    written,
                )
            )
            if len(rows) >= BATCH * 4:
                self.insert_reviews(rows)
                rows = []
        self.insert_reviews(rows)

    def insert_reviews(self, rows):
        if not rows:
            return
        if connection.vendor == "postgresql":
            connection.ensure_connection()
            table = Review._meta.db_table
            columns = ", ".join(REVIEW_COLUMNS)
            with (
                transaction.atomic(),
                connection.connection.cursor() as cursor,
                cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
            ):
                for row in rows:
                    copy.write_row(row)
            return
        self.bulk(Review, [Review(**dict(zip(REVIEW_COLUMNS, row, strict=True))) for row in rows])
