"""Text stored in a normalised form is checked at its normalised length."""

from django.core.exceptions import ValidationError
from django.test import TestCase

from edition.models import Page, validate_label
from people.models import Correspondent, Reporter
from tests.factories import make_page

EXPANDING = "㌀" * 20  # 20 characters, 80 once NFKC-normalised


class NormalisedLengthTests(TestCase):
    def test_a_name_that_expands_past_its_key_is_refused_in_the_form(self):
        for model in (Reporter, Correspondent):
            with self.subTest(model.__name__):
                person = model(name=EXPANDING, slug=f"{model.__name__}-x")
                with self.assertRaisesMessage(ValidationError, "规范化后超过 50"):
                    person.full_clean()

    def test_a_name_that_expands_past_its_key_is_refused_on_any_save(self):
        with self.assertRaisesMessage(ValidationError, "规范化后超过 50"):
            Reporter.objects.create(name=EXPANDING)
        self.assertFalse(Reporter.objects.exists())

    def test_a_name_that_fits_once_normalised_is_kept(self):
        reporter = Reporter.objects.create(name="㌀" * 12)
        self.assertEqual(len(reporter.name_key), 48)

    def test_a_page_label_that_expands_past_its_column_is_refused(self):
        with self.assertRaisesMessage(ValidationError, "规范化后超过 20"):
            validate_label("㌀" * 6)
        page = make_page(label="Ａ２")
        self.assertEqual(Page.objects.get(pk=page.pk).label, "A2")
