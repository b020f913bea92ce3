"""资格审查助手: from the matter and the applicant, which hardship rule of 法律援助法 applies, with an explanation the
reviewer reads before deciding. The helper only explains; the 法律援助机构 decides (第四十三条)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from core.dictionaries import dict_label
from legalaid.choices import CHECK_EXEMPT, NO_HARDSHIP_MATTERS, HardshipBasis, HardshipTest
from legalaid.models import Application, HardshipStandard

# 第四十二条 categories as the applicant's hardship basis names them.
EXEMPT_ITEM = {
    HardshipBasis.NO_INCOME: "第四十二条第一项",
    HardshipBasis.MINIMUM_LIVING: "第四十二条第二项",
    HardshipBasis.DESTITUTE: "第四十二条第二项",
    HardshipBasis.OTHER_AID: "第四十二条第二项",
    HardshipBasis.MIGRANT_WORKER: "第四十二条第三项",
}


@dataclass(frozen=True)
class Eligibility:
    test: str  # HardshipTest
    label: str
    lines: tuple[str, ...]
    below_standard: bool | None  # None: no income given or the test does not apply

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def standard_for(org: Any) -> HardshipStandard | None:
    """The province's 经济困难标准 (第三十四条), else the default row."""
    province = _province_name(org)
    rows = {s.province: s for s in HardshipStandard.objects.filter(province__in=[province, ""])}
    return rows.get(province) or rows.get("")


def _province_name(org: Any) -> str:
    region = getattr(org, "region", None)
    if region is None:
        return ""
    from orgs.models import Region

    top = Region.objects.filter(path=region.path[: Region.steplen]).only("name").first()
    return top.name if top else ""


def assess(application: Application, *, monthly_income: Decimal | None = None, pledge_signed: bool = False,
           org: Any = None) -> Eligibility:
    """Which rule applies and why:

    - 第三十二条 (and 第二十四条 for a defence, “经济困难或者其他原因”): no hardship condition;
    - 第四十二条: the applicant proves he belongs to an exempt group, so the hardship check is waived;
    - otherwise 第三十一条 with 第四十一条: the applicant states his finances truthfully and the 机构 checks them by
      information-sharing queries or his 个人诚信承诺; the province's standard (第三十四条) is the yardstick."""
    matter = dict_label("legal_aid_matter", application.matter)
    lines: list[str] = [f"申请事项：{matter}。"]
    if application.matter in NO_HARDSHIP_MATTERS or application.hardship_basis == HardshipBasis.NOT_REQUIRED:
        if application.matter == "criminal_defence":
            lines.append("刑事案件的犯罪嫌疑人、被告人因经济困难或者其他原因没有委托辩护人的，可以申请法律援助"
                         "（法律援助法 第二十四条）；属第二十五条情形的，办案机关应当通知法律援助机构指派律师。")
        else:
            lines.append("该事项不受经济困难条件的限制（法律援助法 第三十二条），无需核查经济困难状况。")
        return Eligibility(HardshipTest.NOT_APPLICABLE, HardshipTest.NOT_APPLICABLE.label, tuple(lines), None)
    if application.hardship_basis in CHECK_EXEMPT:
        lines.append(f"申请人以“{application.get_hardship_basis_display()}”申请，有材料证明的免予核查经济困难状况"
                     f"（法律援助法 {EXEMPT_ITEM[HardshipBasis(application.hardship_basis)]}）。")
        lines.append(f"申请人提交的材料：{application.hardship_detail or '未填写'}。请核对材料是否真实、是否与所属人群相符。")
        return Eligibility(HardshipTest.EXEMPT, HardshipTest.EXEMPT.label, tuple(lines), None)
    lines.append("该事项以经济困难为条件（法律援助法 第三十一条）；申请人应当如实说明经济困难状况，法律援助机构可以通过"
                 "信息共享查询或者由申请人作个人诚信承诺进行核查（第四十一条）。")
    lines.append(f"申请人的说明：{application.hardship_detail or '未填写'}。")
    lines.append("申请人已作个人诚信承诺。" if pledge_signed else "申请人尚未作个人诚信承诺，也可通过信息共享查询核查。")
    standard = standard_for(org or application.org)
    below: bool | None = None
    if standard is None:
        lines.append("尚未设置经济困难标准，请管理员在“经济困难标准”中录入本省标准（第三十四条）。")
    else:
        note = "" if standard.confirmed else "（该标准为默认值，未经核实，请管理员按本省公布的标准修改）"
        if monthly_income is None:
            lines.append(f"经济困难标准：家庭月人均收入低于{standard.monthly_income_per_person}元{note}；未填写申请人家庭月人均收入。")
        else:
            below = monthly_income < standard.monthly_income_per_person
            lines.append(f"申请人家庭月人均收入{monthly_income}元，"
                         f"{'低于' if below else '不低于'}经济困难标准{standard.monthly_income_per_person}元{note}。")
    return Eligibility(HardshipTest.REQUIRED, HardshipTest.REQUIRED.label, tuple(lines), below)
