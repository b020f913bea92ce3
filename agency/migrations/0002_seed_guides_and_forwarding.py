"""Reference data of 代收代办: the forwarding periods (UNCONFIRMED local requirement: 当日或次一工作日) and the demo city's
公证仲裁办事指引. The institutions are 赤峰市's by name; addresses and telephone numbers are left for the county to fill in
(not verified), and the materials follow the statutes cited in ``basis``."""

from django.db import migrations

RULES = [
    ("review", 1, "行政复议申请代收后次一工作日内转交复议机构。全国无统一规定（未确认），为本地工作要求，可在后台修改"),
    ("case", 1, "公证仲裁代办受托后次一工作日内转交。全国无统一规定（未确认），为本地工作要求，可在后台修改"),
]

GUIDES = [
    ("notary", "赤峰市红山公证处",
     "继承、遗嘱、赠与、委托、声明；婚姻状况、亲属关系、出生、学历、无犯罪记录等证明；合同、保全证据；副本与原本相符",
     "申请人身份证件；与申请事项有关的证明材料（如继承公证：死亡证明、亲属关系证明、财产权属证明）；代理人的授权委托书。"
     "遗嘱、生存、收养等须本人亲自办理",
     "公证机构自受理之日起十五个工作日内出具公证书（公证法 第三十条）",
     "公证法 第十一条、第二十五条、第二十六条、第三十条", 1),
    ("labour_arbitration", "赤峰市劳动人事争议仲裁委员会",
     "追索劳动报酬、经济补偿、工伤待遇；确认劳动关系；订立、履行、变更、解除和终止劳动合同发生的争议",
     "仲裁申请书及副本（劳动者和用人单位的基本情况、仲裁请求和所根据的事实理由、证据和证据来源）；身份证件；"
     "劳动合同、工资条、考勤记录等证据",
     "仲裁时效一年，自知道或者应当知道权利被侵害之日起计算；劳动关系存续期间拖欠劳动报酬的，劳动关系终止之日起一年内",
     "劳动争议调解仲裁法 第二十七条、第二十八条", 2),
    ("commercial_arbitration", "赤峰仲裁委员会",
     "平等主体之间的合同纠纷和其他财产权益纠纷（须有仲裁协议）",
     "仲裁协议；仲裁申请书及副本（当事人基本情况、仲裁请求和所根据的事实理由、证据和证据来源、证人姓名和住所）",
     "仲裁委员会收到申请书之日起五日内决定是否受理",
     "仲裁法 第二十一条至第二十四条", 3),
    ("land_arbitration", "所在旗县区农村土地承包仲裁委员会",
     "农村土地承包经营纠纷：承包合同的订立、履行、变更、解除和终止；承包经营权的流转、侵害等",
     "仲裁申请书（申请人和被申请人的基本情况、仲裁请求和所根据的事实理由）；承包合同、经营权证等证据",
     "申请仲裁的时效期间为二年，自知道或者应当知道其权利被侵害之日起计算",
     "农村土地承包经营纠纷调解仲裁法 第十八条", 4),
]


def seed(apps, schema_editor):
    rule = apps.get_model("agency", "ForwardingRule")
    guide = apps.get_model("agency", "ServiceGuide")
    for service, days, basis in RULES:
        rule.objects.update_or_create(service=service, defaults={"working_days": days, "confirmed": False, "basis": basis})
    for kind, institution, matters, materials, limitation, basis, order in GUIDES:
        guide.objects.update_or_create(kind=kind, institution=institution, defaults={
            "matters": matters, "materials": materials, "limitation": limitation, "basis": basis, "order": order})


def unseed(apps, schema_editor):
    apps.get_model("agency", "ForwardingRule").objects.all().delete()
    apps.get_model("agency", "ServiceGuide").objects.filter(institution__in=[g[1] for g in GUIDES]).delete()


class Migration(migrations.Migration):
    dependencies = [("agency", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
