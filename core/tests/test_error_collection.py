"""Every input error of a form in one round, each at its field and naming the party: the collector that services use,
the party-aware ID-number and phone fields, and the way a form and the API show what was collected."""

from __future__ import annotations

import pytest
from django import forms

from core.errors import DuplicateRecord, ErrorCollector, NotFound, ValidationErrors, ValidationFailed, for_party
from core.forms import IdNumberField, PhoneField, StyledForm, attach_error, group_choices, mark_invalid
from core.testing import valid_id_number
from core.validators import validate_id_number

GOOD = valid_id_number("150402", "19800101", "123")
BAD_CHECK = GOOD[:17] + ("0" if GOOD[17] != "0" else "1")


@pytest.mark.parametrize(("party", "message", "expected"), [
    ("被申请人", "身份证号码校验位错误，请核对最后一位", "被申请人的身份证号码校验位错误，请核对最后一位"),
    ("申请人", "请填写身份证号码", "请填写申请人的身份证号码"),
    ("申请人", "电话号码格式不正确：手机号为以1开头的11位数字", "申请人的电话号码格式不正确：手机号为以1开头的11位数字"),
    ("第2位当事人", "同一人不能重复列为当事人", "第2位当事人：同一人不能重复列为当事人"),
    ("", "身份证号码校验位错误", "身份证号码校验位错误"),
])
def test_a_party_s_message_names_the_party(party, message, expected):
    assert for_party(party, message) == expected


def test_the_collector_keeps_every_error_at_its_field_and_raises_them_together():
    errors = ErrorCollector()
    errors.add("请填写纠纷名称", field="title")
    errors.add("纠纷名称不能超过100个字", field="title")  # a field shows its first problem only
    with errors.check(prefix="applicant_", party="申请人"):
        validate_id_number(BAD_CHECK)
    with errors.check(prefix="respondent_", party="被申请人"):
        validate_id_number(BAD_CHECK)
    with errors.check(prefix="respondent_", party="被申请人"):
        validate_id_number(GOOD)  # no error: nothing recorded
    with pytest.raises(ValidationErrors) as raised:
        errors.raise_if_any()
    exc = raised.value
    assert [(e.field, e.message) for e in exc.errors] == [
        ("title", "请填写纠纷名称"),
        ("applicant_id_number", "申请人的身份证号码校验位错误，请核对最后一位"),
        ("respondent_id_number", "被申请人的身份证号码校验位错误，请核对最后一位"),
    ]
    assert exc.field == "title" and exc.status == 400
    assert exc.message == "请填写纠纷名称；申请人的身份证号码校验位错误，请核对最后一位；被申请人的身份证号码校验位错误，请核对最后一位"
    body = exc.as_dict()
    assert body["code"] == "invalid" and [e["field"] for e in body["errors"]] == ["title", "applicant_id_number", "respondent_id_number"]


def test_one_error_is_raised_as_it_was_and_none_raises_nothing():
    errors = ErrorCollector()
    errors.raise_if_any()
    with errors.check():
        raise DuplicateRecord("身份证号码已登记", field="id_number")
    with pytest.raises(DuplicateRecord) as raised:
        errors.raise_if_any()
    assert raised.value.status == 409 and raised.value.field == "id_number"


def test_a_moved_error_keeps_its_kind_and_refusals_pass_through_at_once():
    errors = ErrorCollector()
    with errors.check(prefix="respondent_", party="被申请人"):
        raise DuplicateRecord("身份证号码已登记", field="id_number", code="possible_duplicate")
    moved = errors.errors[0]
    assert isinstance(moved, DuplicateRecord) and moved.code == "possible_duplicate"
    assert (moved.field, moved.message) == ("respondent_id_number", "被申请人的身份证号码已登记")
    with pytest.raises(NotFound), errors.check(field="org"):
        raise NotFound("未找到该机构")  # not the user's input to correct: no point in collecting more


def test_nested_collections_are_flattened():
    inner = ValidationErrors([ValidationFailed("请填写姓名", field="name"), ValidationFailed("电话号码格式不正确", field="phone")])
    errors = ErrorCollector()
    with errors.check(prefix="applicant_", party="申请人"):
        raise inner
    assert [(e.field, e.message) for e in errors.errors] == [
        ("applicant_name", "请填写申请人的姓名"), ("applicant_phone", "申请人的电话号码格式不正确")]


class _PartyForm(StyledForm):
    title = forms.CharField(label="纠纷名称")
    applicant_id_number = IdNumberField(label="申请人身份证号码", party="申请人", required=False)
    respondent_id_number = IdNumberField(label="被申请人身份证号码", party="被申请人", required=False)
    respondent_phone = PhoneField(label="被申请人联系电话", party="被申请人", required=False)


def test_a_form_reports_every_field_at_once_naming_the_party():
    form = _PartyForm({"title": "", "applicant_id_number": BAD_CHECK, "respondent_id_number": "1504", "respondent_phone": "1234"})
    assert not form.is_valid()
    assert {name: list(errors) for name, errors in form.errors.items()} == {
        "title": ["请填写纠纷名称"],
        "applicant_id_number": ["申请人的身份证号码校验位错误，请核对最后一位"],
        "respondent_id_number": ["被申请人的身份证号码应为18位（现在是4位），请核对"],
        "respondent_phone": ["被申请人的电话号码格式不正确：手机号为以1开头的11位数字，固定电话请带区号（如 0476-8888888）"],
    }
    mark_invalid(form)
    assert "is-invalid" in form.fields["respondent_phone"].widget.attrs["class"]
    assert form.fields["respondent_phone"].widget.attrs["aria-invalid"] == "true"
    ok = _PartyForm({"title": "邻里纠纷", "applicant_id_number": GOOD, "respondent_phone": "0476 8888888"})
    assert ok.is_valid() and ok.cleaned_data["respondent_phone"] == "04768888888"


def test_a_service_s_errors_land_at_their_fields():
    form = _PartyForm({"title": "邻里纠纷"})
    assert form.is_valid()
    attach_error(form, ValidationErrors([ValidationFailed("被申请人的身份证号码已登记", field="respondent_id_number"),
                                          ValidationFailed("该纠纷已办结", field=None),
                                          ValidationFailed("请选择调解员", field="mediators")]))
    assert list(form.errors["respondent_id_number"]) == ["被申请人的身份证号码已登记"]
    assert list(form.non_field_errors()) == ["该纠纷已办结", "请选择调解员"]  # not a field of this form: above it


def test_grouped_pickers_start_at_the_prompt_and_search_when_long():
    single = forms.ChoiceField(label="受理组织")
    group_choices(single, [("红山区", [(1, "西屯街道司法所"), (2, "三中街街道司法所")]), ("元宝山区", [(3, "平庄镇司法所")])])
    assert single.choices == [("", "请选择"), ("红山区", [(1, "西屯街道司法所"), (2, "三中街街道司法所")]),
                              ("元宝山区", [(3, "平庄镇司法所")])]
    assert "data-picker" not in single.widget.attrs  # three options: no search box needed
    many = forms.MultipleChoiceField(label="调解员")
    group_choices(many, [("一西街社区人民调解委员会", [(i, f"调解员{i}") for i in range(9)]), ("空", [])])
    assert many.choices == [(i, f"调解员{i}") for i in range(9)]  # one group: no heading, no prompt for a multiple choice
    assert many.widget.attrs["data-picker"] == "search"
