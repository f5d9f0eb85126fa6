"""A member's page address, made from the name they give: always one the archive can keep."""

from django.test import TestCase
from django.urls import reverse

from filmarchive.models import Person, User
from tests import factories as make

# A hundred characters (the longest name) that spell many more letters once folded for an address:
# "㍿" is four ("株式会社"), "ﷺ" eighteen.
SQUARE = "㍿" * 100
LIGATURE = "ﷺ" * 60
LONGEST = Person._meta.get_field("slug").max_length


class LongAddressTests(TestCase):
    def sign_up(self, username, name):
        return self.client.post(
            reverse("sign-up"),
            {"username": username, "display_name": name, "email": f"{username}@example.org",
             "password1": make.PASSWORD, "password2": make.PASSWORD},
        )  # fmt: skip

    def test_a_name_that_folds_into_a_long_address_signs_up(self):
        response = self.sign_up("dave", LIGATURE)
        self.assertEqual(response.status_code, 302, response.content[:2000])
        person = User.objects.get(username="dave").person
        self.assertEqual(person.name, LIGATURE)
        self.assertLessEqual(len(person.slug), LONGEST)
        self.assertEqual(self.client.get(person.get_absolute_url()).status_code, 200)

    def test_the_same_long_name_twice_gets_a_numbered_address_that_fits(self):
        self.sign_up("dave", SQUARE)
        first = User.objects.get(username="dave").person
        Person.objects.filter(pk=first.pk).update(name="Dave")  # the name free again, its address not
        self.client.logout()
        self.assertEqual(self.sign_up("erin", SQUARE).status_code, 302)
        second = User.objects.get(username="erin").person
        self.assertEqual(len(first.slug), LONGEST)
        self.assertEqual(len(second.slug), LONGEST)
        self.assertTrue(second.slug.endswith("-2"))
        self.assertEqual(self.client.get(second.get_absolute_url()).status_code, 200)

    def test_renaming_to_a_name_that_folds_into_a_long_address(self):
        member = make.member("dave")
        self.client.force_login(member)
        response = self.client.post(reverse("account-name"), {"display_name": SQUARE})
        self.assertEqual(response.status_code, 302, response.content[:2000])
        person = Person.objects.get(member=member)
        self.assertEqual(person.name, SQUARE)
        self.assertLessEqual(len(person.slug), LONGEST)
        self.assertEqual(self.client.get(person.get_absolute_url()).status_code, 200)
