"""Make the list, detail and social renditions of article images again."""

from django.core.management.base import BaseCommand, CommandError

from articles.images import RENDITIONS
from articles.models import ArticleImage

RENDITION_FIELDS = [f"{name}_rendition" for name in RENDITIONS]


class Command(BaseCommand):
    help = (
        "重新生成稿件图片的缩略图（列表、正文、社交分享三种尺寸）。默认只处理"
        "尚未生成的；--all 处理全部，例如按 EXIF 方向转正之前生成的缩略图。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all",
            action="store_true",
            help="全部图片都重新生成，而不只是尚未生成的",
        )

    def handle(self, *args, **options):
        images = ArticleImage.objects.exclude(image="").order_by("pk")
        rendered = failed = 0
        for image in images.iterator(chunk_size=200):
            if not options["all"] and image.rendered_from == image.image.name:
                continue
            old_names = self.rendition_names(image)
            try:
                image.render()
            except OSError as error:  # a missing or unreadable original
                failed += 1
                self.stderr.write(f"图片 {image.pk}（{image.image.name}）：{error}")
                continue
            image.save(update_fields=[*RENDITION_FIELDS, "rendered_from"])
            for name in old_names - self.rendition_names(image):
                image.list_rendition.storage.delete(name)
            rendered += 1
        self.stdout.write(f"已重新生成 {rendered} 张图片的缩略图。")
        if failed:
            raise CommandError(f"{failed} 张图片的原图无法读取，见上。")

    @staticmethod
    def rendition_names(image):
        return {getattr(image, field).name for field in RENDITION_FIELDS} - {""}
