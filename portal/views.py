"""群众端 pages: no login. Writes go through the module services with ``actor=None``; reads show only
what the applicant already knows, after matching the receipt code with the phone number or the ID number given on
that application (posted, never in a URL; see ``mediation.receipts``)."""

from __future__ import annotations

import secrets

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.debug import sensitive_post_parameters

from core.errors import ErrorCollector, SifasuoError, ValidationFailed
from core.forms import attach_error, mark_invalid
from mediation.choices import PartyRole, Source
from mediation.models import Dispute
from mediation.receipts import receipt_find
from mediation.services import DisputeInput, PartyInput, dispute_register
from people.services import PersonInput, person_find_or_create
from portal.forms import MediationApplicationForm, TrackForm

APPLICATIONS_PER_HOUR = 5
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _client_ip(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "")


def _too_many(request: HttpRequest) -> bool:
    key = f"portal-apply:{_client_ip(request)}"
    count = cache.get(key, 0)
    if count >= APPLICATIONS_PER_HOUR:
        return True
    cache.set(key, count + 1, 3600)
    return False


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html", {"title": "群众服务"})


@sensitive_post_parameters("applicant_id_number")
def mediation_apply(request: HttpRequest) -> HttpResponse:
    """网上申请人民调解: becomes a 待受理 dispute of the chosen office, which is notified."""
    form = MediationApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        if cd["website"]:  # honeypot field humans do not see
            return render(request, "portal/applied.html", {"code": "", "title": "申请已提交"})
        if _too_many(request):
            form.add_error(None, "提交过于频繁，请一小时后再试，或直接拨打12348公共法律服务热线")
        else:
            try:
                office = cd["office"]
                # Each party's errors at that party's fields, both parties' in one round.
                errors = ErrorCollector()
                with errors.check(prefix="applicant_", party="申请人"):
                    applicant = person_find_or_create(actor=None, org=office, data=PersonInput(
                        name=cd["applicant_name"], id_number=cd["applicant_id_number"], phone=cd["applicant_phone"]))
                with errors.check(prefix="respondent_", party="对方当事人"):
                    respondent = person_find_or_create(actor=None, org=office, data=PersonInput(
                        name=cd["respondent_name"], phone=cd["respondent_phone"]))
                errors.raise_if_any()
                code = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(10))
                from core.dictionaries import dict_label

                dispute_register(actor=None, org=office, receipt_code=code, receipt_phone=cd["applicant_phone"],
                                 receipt_id_number=cd["applicant_id_number"], data=DisputeInput(
                    title=f"{applicant.name}与{respondent.name}{dict_label('dispute_category', cd['category'])}",
                    category=cd["category"], facts=cd["facts"], claims=cd["claims"], received_date=timezone.localdate(),
                    source=Source.APPLICATION, requested_mediators=cd["preferred_mediators"],
                    parties=[PartyInput(applicant, PartyRole.APPLICANT), PartyInput(respondent, PartyRole.RESPONDENT)]))
            except SifasuoError as exc:
                attach_error(form, exc)
            else:
                return render(request, "portal/applied.html", {"code": code, "office": office, "title": "申请已提交"})
    mark_invalid(form)
    return render(request, "portal/mediation_apply.html", {"form": form, "title": "网上申请人民调解"},
                  status=422 if request.method == "POST" else 200)


LOOKUP_FAILURES_PER_HOUR = 20
LOOKUP_FAILED = "查询码与手机号码或身份证号码不匹配，请核对后再查询"


def _lookup_blocked(request: HttpRequest) -> bool:
    return bool(cache.get(f"portal-track:{_client_ip(request)}", 0) >= LOOKUP_FAILURES_PER_HOUR)


def _lookup_failed(request: HttpRequest) -> None:
    key = f"portal-track:{_client_ip(request)}"
    cache.set(key, cache.get(key, 0) + 1, 3600)


@sensitive_post_parameters("contact")
def track(request: HttpRequest) -> HttpResponse:
    """办理进度查询: the receipt code with the phone number or the ID number given on that application, by POST only
    (a phone or ID number in a URL would stay in logs and the browser's history). Every failure gives the same message,
    and repeated failures from one address wait an hour."""
    form = TrackForm(request.POST if request.method == "POST" else None)
    dispute = None
    if request.method == "POST" and form.is_valid():
        if _lookup_blocked(request):
            attach_error(form, ValidationFailed("查询失败次数过多，请一小时后再试，或拨打12348公共法律服务热线"))
        else:
            found = receipt_find(form.cleaned_data["code"], form.cleaned_data["contact"])
            if found is None:
                _lookup_failed(request)
                attach_error(form, ValidationFailed(LOOKUP_FAILED))
            else:
                dispute = Dispute.objects.select_related("org").prefetch_related("steps").get(pk=found.pk)
    mark_invalid(form)
    return render(request, "portal/track.html", {"form": form, "dispute": dispute, "title": "办理进度查询"},
                  status=422 if request.method == "POST" and dispute is None else 200)
