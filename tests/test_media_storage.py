"""Media on an S3-compatible bucket through django-storages (moto, no network)."""

import copy
import io
import json
import os
import re
import shutil
import tempfile
from datetime import timedelta
from html import unescape
from unittest import mock

import boto3
import requests
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import SimpleTestCase, TestCase, override_settings
from django.urls import reverse
from django.utils import timezone
from moto import mock_aws
from PIL import Image
from storages.backends.s3 import S3Storage

from articles.models import Article, ArticleImage
from newsroom.env import (
    FILESYSTEM_STORAGE,
    S3_STORAGE,
    media_image_sources,
    media_storage,
)
from people.models import Reporter
from tests.factories import make_article, make_reporter, make_user
from tests.security import test_uploads
from tests.test_settings import production_variables, run_with_environment

BUCKET = "newsroom-media"
AMAZON = {"DJANGO_MEDIA_S3_BUCKET": BUCKET, "DJANGO_MEDIA_S3_REGION": "eu-central-1"}
MINIO = {
    "DJANGO_MEDIA_S3_BUCKET": BUCKET,
    "DJANGO_MEDIA_S3_ENDPOINT_URL": "http://minio.internal:9000",
    "DJANGO_MEDIA_S3_REGION": "us-east-1",
}
CDN = {**AMAZON, "DJANGO_MEDIA_S3_PUBLIC_URL": "https://media.example.com/news/"}


def jpeg_upload(name="现场.jpg", size=(1600, 1000)):
    out = io.BytesIO()
    Image.new("RGB", size, (30, 90, 160)).save(out, format="JPEG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


class MediaStorageSelectionTests(SimpleTestCase):
    """newsroom.env.media_storage reads the DJANGO_MEDIA_S3_* variables."""

    def test_without_a_bucket_media_stay_on_the_filesystem(self):
        storage = media_storage({"DJANGO_MEDIA_S3_REGION": "eu-central-1"})
        self.assertEqual(storage, {"BACKEND": FILESYSTEM_STORAGE})
        self.assertEqual(media_image_sources(storage), [])

    def test_a_bucket_selects_s3_with_private_objects_that_are_never_overwritten(self):
        storage = media_storage(AMAZON)
        options = storage["OPTIONS"]
        self.assertEqual(storage["BACKEND"], S3_STORAGE)
        self.assertEqual(options["bucket_name"], BUCKET)
        self.assertEqual(options["region_name"], "eu-central-1")
        self.assertIsNone(options["endpoint_url"])
        self.assertIsNone(options["default_acl"])
        self.assertIs(options["file_overwrite"], False)
        self.assertEqual(options["addressing_style"], "virtual")
        self.assertEqual(options["signature_version"], "s3v4")

    def test_without_a_public_url_media_urls_are_signed(self):
        options = media_storage(AMAZON)["OPTIONS"]
        self.assertIs(options["querystring_auth"], True)
        self.assertIsNone(options["custom_domain"])

    def test_signed_urls_can_be_turned_off_for_a_public_bucket(self):
        environ = {**AMAZON, "DJANGO_MEDIA_S3_SIGNED_URLS": "0"}
        self.assertIs(media_storage(environ)["OPTIONS"]["querystring_auth"], False)

    def test_a_public_url_serves_unsigned_media_from_its_host_and_path(self):
        options = media_storage(CDN)["OPTIONS"]
        self.assertEqual(options["custom_domain"], "media.example.com/news")
        self.assertEqual(options["url_protocol"], "https:")
        self.assertIs(options["querystring_auth"], False)

    def test_an_endpoint_url_addresses_the_bucket_by_path(self):
        options = media_storage(MINIO)["OPTIONS"]
        self.assertEqual(options["endpoint_url"], "http://minio.internal:9000")
        self.assertEqual(options["addressing_style"], "path")

    def test_a_prefix_keeps_media_under_one_folder_of_the_bucket(self):
        environ = {**AMAZON, "DJANGO_MEDIA_S3_PREFIX": "/newsroom/media/"}
        self.assertEqual(
            media_storage(environ)["OPTIONS"]["location"], "newsroom/media"
        )

    def test_credentials_are_left_to_boto3(self):
        environ = {**AMAZON, "AWS_ACCESS_KEY_ID": "AKIAEXAMPLE"}
        options = media_storage(environ)["OPTIONS"]
        self.assertNotIn("AKIAEXAMPLE", json.dumps(options))
        self.assertFalse({"access_key", "secret_key"} & options.keys())

    def test_amazon_s3_without_a_region_is_refused(self):
        with self.assertRaisesMessage(ValueError, "DJANGO_MEDIA_S3_REGION"):
            media_storage({"DJANGO_MEDIA_S3_BUCKET": BUCKET})

    def test_a_public_url_without_http_or_https_is_refused(self):
        for url in ("media.example.com", "ftp://media.example.com", "https://x/?a=1"):
            with (
                self.subTest(url),
                self.assertRaisesMessage(ValueError, "DJANGO_MEDIA_S3_PUBLIC_URL"),
            ):
                media_storage({**AMAZON, "DJANGO_MEDIA_S3_PUBLIC_URL": url})


class MediaImageSourceTests(SimpleTestCase):
    """The Content-Security-Policy source covers every URL the storage makes."""

    CONFIGURATIONS = {
        "amazon": AMAZON,
        "amazon us-east-1": {**AMAZON, "DJANGO_MEDIA_S3_REGION": "us-east-1"},
        "amazon, bucket name with dots": {
            **AMAZON,
            "DJANGO_MEDIA_S3_BUCKET": "media.example.com",
        },
        "amazon us-east-1, bucket name with dots": {
            "DJANGO_MEDIA_S3_BUCKET": "media.example.com",
            "DJANGO_MEDIA_S3_REGION": "us-east-1",
        },
        "amazon, unsigned": {**AMAZON, "DJANGO_MEDIA_S3_SIGNED_URLS": "0"},
        "minio": MINIO,
        "r2": {
            "DJANGO_MEDIA_S3_BUCKET": BUCKET,
            "DJANGO_MEDIA_S3_ENDPOINT_URL": "https://acct.r2.cloudflarestorage.com/",
            "DJANGO_MEDIA_S3_REGION": "auto",
        },
        "public url": CDN,
        "public url, prefix": {**CDN, "DJANGO_MEDIA_S3_PREFIX": "media"},
    }

    @mock_aws
    def test_media_urls_start_with_the_allowed_image_source(self):
        for label, environ in self.CONFIGURATIONS.items():
            with self.subTest(label):
                storage = media_storage(environ)
                url = S3Storage(**storage["OPTIONS"]).url("articles/images/a.jpg")
                (source,) = media_image_sources(storage)
                self.assertTrue(url.startswith(source), f"{url} vs {source}")
                self.assertTrue(source.endswith("/"))


class MediaSettingsFromEnvironmentTests(SimpleTestCase):
    """newsroom.settings in a fresh interpreter with the S3 variables set."""

    PRINT_MEDIA_SETTINGS = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({'default': s.STORAGES['default'],"
        " 'staticfiles': s.STORAGES['staticfiles']['BACKEND'],"
        " 'img-src': s.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']}))"
    )

    def test_the_bucket_variables_select_s3_and_allow_its_images(self):
        result = run_with_environment(
            ["-c", self.PRINT_MEDIA_SETTINGS],
            **production_variables(**CDN),
            AWS_ACCESS_KEY_ID="AKIAEXAMPLEKEY",
            AWS_SECRET_ACCESS_KEY="secret-that-must-not-show",
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        printed = json.loads(result.stdout)
        self.assertEqual(printed["default"]["BACKEND"], S3_STORAGE)
        self.assertEqual(printed["default"]["OPTIONS"]["bucket_name"], BUCKET)
        self.assertNotIn("secret-that-must-not-show", result.stdout)
        self.assertIn("https://media.example.com/news/", printed["img-src"])

    def test_without_the_bucket_variable_media_stay_on_the_filesystem(self):
        result = run_with_environment(
            ["-c", self.PRINT_MEDIA_SETTINGS], **production_variables()
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        printed = json.loads(result.stdout)
        self.assertEqual(printed["default"], {"BACKEND": FILESYSTEM_STORAGE})
        self.assertEqual(printed["img-src"], ["'self'", "data:"])

    def test_static_files_stay_with_whitenoise(self):
        result = run_with_environment(
            ["-c", self.PRINT_MEDIA_SETTINGS],
            **production_variables(**AMAZON, DJANGO_MANIFEST_STATIC="1"),
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        printed = json.loads(result.stdout)
        self.assertEqual(
            printed["staticfiles"],
            "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )

    def test_deploy_checks_pass_without_warnings_with_s3_media(self):
        result = run_with_environment(
            ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
            **production_variables(**AMAZON),
        )
        self.assertEqual(result.returncode, 0, result.stderr)

    def test_a_bucket_on_amazon_without_a_region_stops_the_start(self):
        result = run_with_environment(
            ["manage.py", "check"],
            **production_variables(DJANGO_MEDIA_S3_BUCKET=BUCKET),
        )
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("DJANGO_MEDIA_S3_REGION is required", result.stderr)


class BucketMediaMixin:
    """Store media in a mocked S3 bucket; the media folder must stay empty."""

    media_environ = AMAZON

    @classmethod
    def setUpClass(cls):
        cls.enterClassContext(mock_aws())
        cls.storage = media_storage(cls.media_environ)
        options = cls.storage["OPTIONS"]
        cls.s3 = boto3.client("s3", region_name=options["region_name"])
        cls.s3.create_bucket(
            Bucket=options["bucket_name"],
            CreateBucketConfiguration={"LocationConstraint": options["region_name"]},
        )
        policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
        policy["DIRECTIVES"]["img-src"] += media_image_sources(cls.storage)
        storages = {**settings.STORAGES, "default": cls.storage}
        media_root = tempfile.mkdtemp(prefix="newsroom-test-media-")
        cls.addClassCleanup(shutil.rmtree, media_root, ignore_errors=True)
        cls.enterClassContext(
            override_settings(
                STORAGES=storages,
                CONTENT_SECURITY_POLICY=policy,
                MEDIA_ROOT=media_root,
            )
        )
        super().setUpClass()

    def tearDown(self):
        super().tearDown()
        self.assertEqual(os.listdir(settings.MEDIA_ROOT), [], "media stored locally")

    def bucket_keys(self):
        listing = self.s3.list_objects_v2(Bucket=BUCKET)
        return {entry["Key"] for entry in listing.get("Contents", [])}

    def image_url(self, response, field_file):
        """Return the src of the page's img showing field_file."""
        sources = re.findall(r'<img [^>]*src="([^"]+)"', response.content.decode())
        urls = [unescape(src) for src in sources if field_file.name in src]
        self.assertEqual(len(urls), 1, sources)
        return urls[0]

    def assertServedFromBucket(self, url, field_file):
        """url is under the bucket's allowed source and serves field_file."""
        (source,) = media_image_sources(self.storage)
        self.assertTrue(url.startswith(source), f"{url} is not under {source}")
        fetched = requests.get(url, timeout=5)
        self.assertEqual(fetched.status_code, 200)
        with field_file.open("rb") as stored:
            self.assertEqual(fetched.content, stored.read())


class BucketMediaPagesTests(BucketMediaMixin, TestCase):
    """Images and photos stored in the bucket, as readers and staff see them."""

    @classmethod
    def setUpTestData(cls):
        cls.reporter = make_reporter(name="李明")
        cls.reporter.photo.save("李明.jpg", jpeg_upload(size=(400, 400)))
        cls.article = make_article(
            headline="航空港新开通三条国际货运航线",
            reporters=[cls.reporter],
            status=Article.Status.PUBLISHED,
            published_at=timezone.now() - timedelta(hours=1),
        )
        cls.image = ArticleImage(article=cls.article, caption="货机卸货现场")
        cls.image.image = jpeg_upload()
        cls.image.full_clean()
        cls.image.save()

    def test_the_original_and_every_rendition_are_objects_in_the_bucket(self):
        image = ArticleImage.objects.get(pk=self.image.pk)
        names = {
            image.image.name,
            image.list_rendition.name,
            image.detail_rendition.name,
            image.social_rendition.name,
        }
        self.assertEqual(len(names), 4)
        self.assertLessEqual(names, self.bucket_keys())

    def test_renditions_are_webp_within_their_box_and_cached_for_a_year(self):
        image = ArticleImage.objects.get(pk=self.image.pk)
        head = self.s3.head_object(Bucket=BUCKET, Key=image.list_rendition.name)
        self.assertEqual(head["ContentType"], "image/webp")
        self.assertEqual(head["CacheControl"], "max-age=31536000, immutable")
        with image.list_rendition.open("rb") as stored, Image.open(stored) as picture:
            self.assertEqual((picture.format, picture.size), ("WEBP", (480, 300)))

    def test_article_page_shows_the_image_from_the_bucket(self):
        response = self.client.get(self.article.get_absolute_url())
        self.assertEqual(response.status_code, 200)
        rendition = ArticleImage.objects.get(pk=self.image.pk).detail_rendition
        self.assertServedFromBucket(self.image_url(response, rendition), rendition)

    def test_article_page_policy_allows_images_from_the_bucket(self):
        response = self.client.get(self.article.get_absolute_url())
        (source,) = media_image_sources(self.storage)
        policy = response["Content-Security-Policy"]
        img_src = next(d for d in policy.split(";") if d.strip().startswith("img-src"))
        self.assertIn(source, img_src.split())

    def test_latest_list_shows_the_list_rendition_from_the_bucket(self):
        response = self.client.get(reverse("articles:index"))
        self.assertEqual(response.status_code, 200)
        rendition = ArticleImage.objects.get(pk=self.image.pk).list_rendition
        self.assertServedFromBucket(self.image_url(response, rendition), rendition)

    def test_reporter_page_shows_the_photo_from_the_bucket(self):
        response = self.client.get(self.reporter.get_absolute_url())
        self.assertEqual(response.status_code, 200)
        photo = Reporter.objects.get(pk=self.reporter.pk).photo
        self.assertServedFromBucket(self.image_url(response, photo), photo)

    def test_admin_thumbnail_shows_the_list_rendition_from_the_bucket(self):
        self.client.force_login(make_user(is_staff=True, is_superuser=True))
        response = self.client.get(f"/admin/articles/article/{self.article.pk}/change/")
        self.assertEqual(response.status_code, 200)
        rendition = ArticleImage.objects.get(pk=self.image.pk).list_rendition
        self.assertServedFromBucket(self.image_url(response, rendition), rendition)

    def test_validating_a_stored_image_does_not_read_it_back(self):
        image = ArticleImage.objects.get(pk=self.image.pk)
        reporter = Reporter.objects.get(pk=self.reporter.pk)
        refuse = mock.Mock(side_effect=AssertionError("read back from the bucket"))
        with (
            mock.patch.object(S3Storage, "_open", refuse),
            mock.patch.object(S3Storage, "size", refuse),
        ):
            image.full_clean()
            reporter.full_clean()
        refuse.assert_not_called()

    def test_a_replaced_image_gets_new_renditions(self):
        image = ArticleImage.objects.get(pk=self.image.pk)
        old = image.detail_rendition.name
        image.image = jpeg_upload("新图.jpg", size=(800, 1600))
        image.save()
        image.refresh_from_db()
        self.assertNotEqual(image.detail_rendition.name, old)
        with image.detail_rendition.open("rb") as stored, Image.open(stored) as pic:
            self.assertEqual(pic.size, (600, 1200))


class BucketMediaBehindPublicUrlTests(BucketMediaMixin, TestCase):
    """With DJANGO_MEDIA_S3_PUBLIC_URL, pages link to it without signatures."""

    media_environ = CDN

    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(
            status=Article.Status.PUBLISHED,
            published_at=timezone.now() - timedelta(hours=1),
        )
        cls.image = ArticleImage.objects.create(
            article=cls.article, image=jpeg_upload()
        )

    def test_article_page_links_the_image_at_the_public_url_unsigned(self):
        response = self.client.get(self.article.get_absolute_url())
        rendition = ArticleImage.objects.get(pk=self.image.pk).detail_rendition
        self.assertIn(rendition.name, self.bucket_keys())
        self.assertEqual(
            self.image_url(response, rendition),
            f"https://media.example.com/news/{rendition.name}",
        )

    def test_social_tags_and_structured_data_give_the_bucket_address_as_is(self):
        response = self.client.get(self.article.get_absolute_url())
        image = ArticleImage.objects.get(pk=self.image.pk)
        page = response.content.decode()
        social = f"https://media.example.com/news/{image.social_rendition.name}"
        self.assertIn(f'<meta property="og:image" content="{social}">', page)
        self.assertIn(f'<meta name="twitter:image" content="{social}">', page)
        (json_ld,) = re.findall(r'application/ld\+json">(.*?)</script>', page, re.S)
        detail = f"https://media.example.com/news/{image.detail_rendition.name}"
        self.assertEqual(json.loads(json_ld)["image"], [detail])


class ArticleImageUploadToBucketTests(
    BucketMediaMixin, test_uploads.ArticleImageUploadTests
):
    """The admin's upload checks, with the images stored in the bucket."""


class ReporterPhotoUploadToBucketTests(
    BucketMediaMixin, test_uploads.ReporterPhotoUploadTests
):
    """The admin's photo checks, with the photos stored in the bucket."""
