"""The default 积分项目 of 安置帮教."""

from django.db import migrations

# 积分项目: no national rule sets them (UNCONFIRMED); a default an administrator edits in 系统管理.
DEFAULT_POINTS_ITEMS = [
    ("earn", "按时接受走访、如实报告情况", 5),
    ("earn", "参加教育学习", 5),
    ("earn", "参加公益活动", 10),
    ("earn", "参加技能培训", 10),
    ("earn", "稳定就业满三个月", 20),
    ("earn", "见义勇为或受到表彰", 30),
    ("redeem", "兑换生活用品", 50),
    ("redeem", "兑换技能培训名额", 100),
    ("redeem", "优先推荐就业岗位", 100),
]


def load_points_items(apps, schema_editor):
    item = apps.get_model("resettlement", "PointsItem")
    for order, (kind, name, points) in enumerate(DEFAULT_POINTS_ITEMS):
        item.objects.get_or_create(name=name, defaults={"kind": kind, "points": points, "order": order})


class Migration(migrations.Migration):

    dependencies = [("resettlement", "0002_co_management_assist_points")]

    operations = [migrations.RunPython(load_points_items, migrations.RunPython.noop)]
