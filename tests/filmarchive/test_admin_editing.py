"""What editors do to the core records in the admin, and what the admin refuses them, with nothing lost."""

from io import StringIO

from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.urls import reverse
from reversion.models import Version

from filmarchive.management.commands.create_editors_group import editor_permission_codenames
from filmarchive.models import Credit, Film, Mention, Person
from tests import factories as make
from tests.filmarchive.test_admin_pages import CoreAdminTestCase
from tests.helpers import form_data


class EditingTests(CoreAdminTestCase):
    def change_url(self, obj):
        return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])

    def post_change(self, obj, **changes):
        url = self.change_url(obj)
        data = form_data(self.client.get(url))
        data.update(changes)
        return self.client.post(url, data)

    def test_change_a_synopsis(self):
        response = self.post_change(self.film, synopsis="A corrected synopsis.")
        self.assertRedirects(response, reverse("admin:filmarchive_film_changelist"))
        self.film.refresh_from_db()
        self.assertEqual(self.film.synopsis, "A corrected synopsis.")
        self.assertContains(self.client.get(self.film.get_absolute_url()), "A corrected synopsis.")
        self.assertEqual(Version.objects.get_for_object(self.film).count(), 1)

    def test_add_a_credit_inline(self):
        url = self.change_url(self.film)
        data = form_data(self.client.get(url))
        total = int(data["credits-TOTAL_FORMS"])
        data.update(
            {
                "credits-TOTAL_FORMS": str(total + 1),
                f"credits-{total}-role": "writer",
                f"credits-{total}-order": "0",
                f"credits-{total}-person": str(self.oppenheimer.pk),
            }
        )
        self.assertEqual(self.client.post(url, data).status_code, 302)
        credit = Credit.objects.get(film=self.film, person=self.oppenheimer, role="writer")
        self.assertIsNone(credit.source)  # added by hand: no provenance

    def test_a_duplicate_credit_is_a_form_error(self):
        url = self.change_url(self.film)
        data = form_data(self.client.get(url))
        total = int(data["credits-TOTAL_FORMS"])
        data.update(
            {
                "credits-TOTAL_FORMS": str(total + 1),
                f"credits-{total}-role": "director",
                f"credits-{total}-order": "1",
                f"credits-{total}-person": str(self.panh.pk),
            }
        )
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "This person already has this role on this film.")
        self.assertEqual(Credit.objects.filter(film=self.film, person=self.panh).count(), 1)

    def test_a_duplicate_credit_added_on_its_own_is_a_form_error(self):
        response = self.client.post(
            reverse("admin:filmarchive_credit_add"),
            {"film": self.film.pk, "person": self.panh.pk, "role": "director", "order": 0},
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "This person already has this role on this film.")

    def test_a_slug_taken_twice_is_a_form_error(self):
        response = self.client.post(
            reverse("admin:filmarchive_film_add"),
            {
                "title": "Another",
                "slug": self.film.slug,
                "credits-TOTAL_FORMS": 0,
                "credits-INITIAL_FORMS": 0,
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Film with this Slug already exists.")
        self.assertFalse(Film.objects.filter(title="Another").exists())

    def test_a_new_slug_typed_for_a_record_made_here_keeps_the_old_address(self):
        film = make.film("Made Here")
        old = film.get_absolute_url()
        self.assertRedirects(
            self.post_change(film, slug="made-here-1999"), reverse("admin:filmarchive_film_changelist")
        )
        self.assertRedirects(self.client_class().get(old), "/films/made-here-1999/", status_code=301)
        self.post_change(film, slug="made-here-2000")
        self.assertRedirects(self.client_class().get(old), "/films/made-here-2000/", status_code=301)

    def test_an_autocomplete_offers_only_what_is_on_the_site(self):
        query = {"app_label": "filmarchive", "model_name": "credit", "field_name": "person", "term": "Joshua"}

        def offered():
            response = self.client.get(reverse("admin:autocomplete"), query)
            self.assertEqual(response.status_code, 200)
            return [result["text"] for result in response.json()["results"]]

        self.assertEqual(offered(), ["Joshua Oppenheimer"])
        Person.all_objects.filter(pk=self.oppenheimer.pk).update(retired_at="2026-01-01T00:00:00Z")
        self.assertEqual(offered(), [])
        # The people's list itself still shows the retired one, to be put back.
        changelist = self.client.get(reverse("admin:filmarchive_person_changelist"), {"q": "Joshua"})
        self.assertContains(changelist, "Joshua Oppenheimer")


class NothingLostTests(CoreAdminTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        interview = make.interview("Rithy Panh on The Missing Picture", subjects=[cls.panh])
        make.turn(interview, "question")
        make.turn(interview, "answer", speaker=cls.panh)
        make.review(cls.film, make.person("Mike D'Angelo"))

    def test_deleting_a_person_others_depend_on_is_refused_and_names_them(self):
        url = reverse("admin:filmarchive_person_delete", args=[self.panh.pk])
        response = self.client.get(url)
        self.assertContains(response, "Cannot delete person")
        self.assertContains(response, "Rithy Panh – Director – The Missing Picture")
        self.assertContains(response, "Rithy Panh on The Missing Picture – 2. Answer (Rithy Panh)")
        self.client.post(url, {"post": "yes"})
        self.assertTrue(Person.objects.filter(pk=self.panh.pk).exists())

    def test_bulk_deleting_people_others_depend_on_is_refused(self):
        response = self.client.post(
            reverse("admin:filmarchive_person_changelist"),
            {"action": "delete_selected", "_selected_action": [self.panh.pk], "post": "yes"},
        )
        self.assertContains(response, "would require deleting the following protected related objects")
        self.assertTrue(Person.objects.filter(pk=self.panh.pk).exists())

    def test_a_members_person_is_not_deleted_here(self):
        member = make.member("ada", name="Ada Critic")
        url = reverse("admin:filmarchive_person_delete", args=[member.person.pk])
        response = self.client.get(url)
        self.assertContains(response, "Cannot delete person")
        self.assertContains(response, "The account that writes as Ada Critic")
        self.client.post(url, {"post": "yes"})
        bulk = self.client.post(
            reverse("admin:filmarchive_person_changelist"),
            {"action": "delete_selected", "_selected_action": [member.person.pk], "post": "yes"},
        )
        self.assertContains(bulk, "would require deleting the following protected related objects")
        member.refresh_from_db()
        self.assertEqual(member.person.name, "Ada Critic")

    def test_deleting_a_film_with_reviews_is_refused(self):
        response = self.client.get(reverse("admin:filmarchive_film_delete", args=[self.film.pk]))
        self.assertContains(response, "Cannot delete film")
        self.assertContains(response, "Mike D&#x27;Angelo on The Missing Picture")

    def test_deleting_a_film_says_what_goes_with_it_and_can_be_recovered(self):
        film = make.film("The Look of Silence")  # made in the admin: no document states it
        make.credit(film, self.oppenheimer, "director")
        make.mention(self.document, 23, "THE LOOK OF SILENCE", film=film)
        url = reverse("admin:filmarchive_film_delete", args=[film.pk])
        response = self.client.get(url)
        self.assertContains(response, "Are you sure")
        self.assertContains(response, "Joshua Oppenheimer – Director – The Look of Silence")
        self.assertContains(response, "THE LOOK OF SILENCE")  # its mentions go too
        self.client.post(url, {"post": "yes"})
        self.assertFalse(Film.all_objects.filter(pk=film.pk).exists())
        self.assertFalse(Mention.objects.filter(film=film).exists())
        self.assertTrue(Person.objects.filter(pk=self.oppenheimer.pk).exists())
        # Deleted, not lost: the admin's recover list offers it back.
        response = self.client.get(reverse("admin:filmarchive_film_recoverlist"))
        self.assertContains(response, "The Look of Silence")


class HistoryTests(CoreAdminTestCase):
    def test_restore_an_earlier_version(self):
        call_command("createinitialrevisions", "filmarchive.Film", stdout=StringIO())
        original = self.film.synopsis
        url = reverse("admin:filmarchive_film_change", args=[self.film.pk])
        data = form_data(self.client.get(url))
        data["synopsis"] = "Vandalised."
        self.client.post(url, data)

        history = self.client.get(reverse("admin:filmarchive_film_history", args=[self.film.pk]))
        self.assertEqual(history.status_code, 200)
        versions = Version.objects.get_for_object(self.film).order_by("pk")
        self.assertEqual(versions.count(), 2)
        revision_url = reverse("admin:filmarchive_film_revision", args=[self.film.pk, versions[0].pk])
        self.assertContains(history, revision_url)

        revision_form = self.client.get(revision_url)
        self.assertContains(revision_form, "Rithy Panh uses clay figures, archival footage")
        self.client.post(revision_url, form_data(revision_form))
        self.film.refresh_from_db()
        self.assertEqual(self.film.synopsis, original)
        self.assertEqual(Version.objects.get_for_object(self.film).count(), 3)


class EditorRoleTests(CoreAdminTestCase):
    def test_editors_cannot_reach_users_groups_or_permissions(self):
        for url in ["/admin/filmarchive/user/", "/admin/filmarchive/user/add/", "/admin/auth/group/"]:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 403)
        index = self.client.get("/admin/")
        self.assertNotContains(index, "/admin/auth/group/")
        self.assertNotContains(index, "/admin/filmarchive/user/")
        self.assertFalse(self.editor.get_all_permissions() & {"auth.change_permission", "auth.view_group"})

    def test_the_group_has_exactly_the_archive_permissions_and_is_reset_by_the_command(self):
        group = Group.objects.get(name="Editors")
        group.permissions.add(*Permission.objects.filter(codename="add_user"))
        call_command("create_editors_group", stdout=StringIO())
        got = {
            (p.content_type.app_label, p.codename) for p in group.permissions.select_related("content_type")
        }
        self.assertEqual(got, editor_permission_codenames())
        self.assertNotIn(("filmarchive", "delete_sourcedocument"), got)

    def test_editors_keep_mentions(self):
        response = self.client.get(reverse("admin:filmarchive_mention_changelist"))
        self.assertContains(response, "THE ACT OF KILLING")
        self.assertEqual(response.context["cl"].result_count, Mention.objects.count())
