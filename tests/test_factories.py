"""The test factories make valid records: what a test builds with them the database and forms accept."""

import hashlib

from django.test import TestCase

from filmarchive.models import Person
from interviews.models import Turn
from reviews.models import Review
from tests import factories as make


class FactoryTests(TestCase):
    def test_every_record_is_valid(self):
        document = make.source_document()
        panh = make.person("Rithy Panh", source=document, lines=(2, 3))
        film = make.film("The Missing Picture", directors=[panh], cast=[make.person()], source=document)
        interview = make.interview(interviewers=[make.person()], films=[film])
        records = [
            document,
            panh,
            film,
            *film.credits.all(),
            make.review(film),
            make.review(film, member=make.member()),
            interview,
            make.turn(interview, "question"),
            make.turn(interview, "answer"),
            make.figure(interview),
            make.mention(document, 4, person=panh),
        ]
        for record in records:
            with self.subTest(record=record):
                record.full_clean()

    def test_defaults(self):
        text = "The Missing Picture\nDirected by Rithy Panh"
        document = make.source_document(lines=text.splitlines())
        self.assertEqual(document.text, text)
        self.assertEqual(document.checksum, hashlib.sha256(text.encode()).hexdigest())
        person = make.person(source=document, lines=2)
        self.assertEqual(
            (person.source_first_line, person.source_last_line, person.source_lines_label), (2, 2, "line 2")
        )
        self.assertNotEqual(make.film("Same").slug, make.film("Same").slug)
        review = make.review()
        self.assertEqual(
            (review.status, review.first_published_in, review.member),
            (Review.Status.PUBLISHED, "Letterboxd", None),
        )

    def test_a_members_review_carries_their_person(self):
        ada = make.member("ada", name="Ada Critic")
        self.assertEqual(ada.person.name, "Ada Critic")
        self.assertTrue(ada.check_password(make.PASSWORD))
        review = make.review(member=ada)
        self.assertEqual((review.author, review.first_published_in), (ada.person, ""))
        self.assertIsNotNone(review.published_on)

    def test_turns_follow_each_other_and_their_speakers_default_by_kind(self):
        asker, subject = make.person(), make.person()
        interview = make.interview(interviewers=[asker], subjects=[subject])
        question, answer = make.turn(interview), make.turn(interview, Turn.Kind.ANSWER)
        self.assertEqual(
            [(question.position, question.speaker), (answer.position, answer.speaker)],
            [(1, asker), (2, subject)],
        )
        self.assertEqual([make.figure(interview).position, make.figure(interview).position], [1, 2])

    def test_unsaved_records_for_bulk_create(self):
        self.assertIsNone(make.person(save=False).pk)
        people = Person.objects.bulk_create(make.person(save=False) for _ in range(3))
        self.assertEqual(Person.objects.filter(pk__in=[p.pk for p in people]).count(), 3)

    def test_an_editor_is_staff_in_the_editors_group_and_no_superuser(self):
        editor = make.editor()
        self.assertTrue(editor.is_staff)
        self.assertFalse(editor.is_superuser)
        self.assertEqual([g.name for g in editor.groups.all()], ["Editors"])
        self.assertTrue(editor.has_perm("reviews.change_review"))
