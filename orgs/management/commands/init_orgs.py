from django.core.management.base import BaseCommand

from orgs.services import org_tree_build_from_regions


class Command(BaseCommand):
    help = "按行政区划建立标准机构树（市局、县局、司法所、人民调解委员会、公共法律服务中心）"

    def add_arguments(self, parser):
        parser.add_argument("--city", default="150400", help="地级市区划代码，默认 150400（赤峰市）")
        parser.add_argument("--no-committees", action="store_true", help="不建立村（居）人民调解委员会")

    def handle(self, *args, city: str, no_committees: bool, **options):
        created = org_tree_build_from_regions(city_code=city, committees=not no_committees)
        self.stdout.write(f"新建机构 {created} 个" if created else "机构树已存在，未做改动")
