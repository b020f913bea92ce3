"""Glue between forms and services: a service error lands on its field and nothing is saved."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import transaction
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render

from core.errors import AccessDenied, NeedsConfirmation, SifasuoError, ValidationErrors, ValidationFailed, for_party
from core.validators import validate_id_number, validate_phone


def attach_error(form: forms.Form, exc: SifasuoError) -> None:
    """Put a service's error at its field (each of them, for ``ValidationErrors``); an error of no field of the form
    goes above the form. A field that already shows the same message does not show it twice. A question only the
    user can answer (``NeedsConfirmation``) also reveals the form's ``same_person`` choice (``SamePersonField``),
    bound to the ID numbers the questions were asked about."""
    asked: list[str] = []
    for error in exc.errors if isinstance(exc, ValidationErrors) else [exc]:
        field = error.field if error.field in form.fields else None
        if error.message not in form.errors.get(field or NON_FIELD_ERRORS, []):
            form.add_error(field, error.message)
        if error.code == NeedsConfirmation.code and SAME_PERSON in form.fields and field:
            asked.append(str(form.data.get(form.add_prefix(field), "")))
    if asked:
        reveal_same_person(form, asked)


SAME_PERSON = "same_person"
SAME_PERSON_LABELS = {"same_person": "同一人，更新联系方式", "data_error": "录入有误，返回修改"}


def _confirmation_token(id_number: str) -> str:
    """Names an ID number in the form without printing it (a keyed hash): the 同一人 answer holds the numbers it was
    given for, so that it never confirms a number the user was not asked about."""
    from core.crypto import keyed_hash

    return keyed_hash(id_number.strip().upper(), purpose="same_person")[:20]


class SamePersonField(forms.CharField):
    """The answer to “this ID number is registered under another name”: hidden until a save raises
    ``NeedsConfirmation``, then two choices — 同一人，更新联系方式 (save, linking the registered person and recording
    the contact details typed here) or 录入有误，返回修改 (correct the name or the number; nothing is saved). The
    同一人 answer names the ID numbers the question was asked about (``same_person:<token>,…``);
    ``confirmed(cleaned_data, id_number)`` — what a view passes to the service as ``same_person`` for each party — is
    true only for those numbers, so a number changed after the answer is asked about afresh."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", "身份证号码已登记为另一姓名，请核实")
        super().__init__(required=False, max_length=400, widget=forms.HiddenInput, **kwargs)

    @staticmethod
    def confirmed(cleaned: dict[str, Any], id_number: str) -> bool:
        answer, _, tokens = str(cleaned.get(SAME_PERSON) or "").partition(":")
        return answer == "same_person" and bool(id_number) and _confirmation_token(id_number) in tokens.split(",")


def reveal_same_person(form: forms.Form, id_numbers: list[str]) -> None:
    """Show the ``same_person`` choice for ``id_numbers`` (radio buttons, nothing chosen: the user decides each
    time; a stale answer is not kept, the numbers it confirmed are carried into the new 同一人 answer)."""
    field = form.fields[SAME_PERSON]
    # Numbers confirmed in an earlier round stay confirmed; the new ones are added.
    answer, _, earlier = str(form.data.get(form.add_prefix(SAME_PERSON), "") if form.is_bound else "").partition(":")
    kept = [t for t in earlier.split(",") if t] if answer == "same_person" else []
    tokens = ",".join(dict.fromkeys([*kept, *(_confirmation_token(n) for n in id_numbers if n)]))
    same = SAME_PERSON_LABELS["same_person"] if len(id_numbers) == 1 else f"均为同一人，更新联系方式（上述{len(id_numbers)}人）"
    choices = [(f"same_person:{tokens}", same), ("data_error", SAME_PERSON_LABELS["data_error"])]
    field.widget = forms.RadioSelect(choices=choices, attrs={"data-testid": "same-person"})
    field.widget.is_required = False
    field.help_text = "同一人：保存并将所填联系电话记入该人员（原电话记入操作日志）；录入有误：请改正姓名或身份证号码后再保存"
    form._bound_fields_cache.pop(SAME_PERSON, None)  # type: ignore[attr-defined]  # a bound field copies the help text
    if form.is_bound:  # a stale answer (录入有误, or 同一人 for other numbers) is not kept: the question is asked afresh
        data = QueryDict(mutable=True)
        data.update(form.data)  # type: ignore[arg-type]
        data[form.add_prefix(SAME_PERSON)] = ""
        form.data = data


PROMPT = "请选择"
# A picker with more options than this gets a search box (static/core/app.js filters the options as one types).
SEARCH_FROM = 8


def group_choices(field: forms.ChoiceField, groups: list[tuple[str, list[tuple[Any, str]]]]) -> None:
    """Offer a long list in groups (``<optgroup>``: the offices of each county, the mediators of each committee) with
    a search box; a single group is shown without its heading. A required single choice starts at “请选择”, so
    nothing is chosen by default. The field still validates against its own queryset or choices."""
    groups = [(name, options) for name, options in groups if options]
    flat: list[Any] = groups[0][1] if len(groups) == 1 else groups
    prompt = [] if isinstance(field.widget, forms.SelectMultiple) else [("", PROMPT)]
    field.choices = [*prompt, *flat]  # type: ignore[attr-defined]
    if sum(len(options) for _name, options in groups) > SEARCH_FROM:
        field.widget.attrs["data-picker"] = "search"


def mark_invalid(form: forms.Form) -> None:
    """Outline every field in error (Bootstrap's ``is-invalid``), so that all of them are seen at once."""
    for name in form.errors:
        if name in form.fields:
            widget = form.fields[name].widget
            classes = widget.attrs.get("class", "")
            if "is-invalid" not in classes.split():
                widget.attrs["class"] = f"{classes} is-invalid".strip()
            widget.attrs["aria-invalid"] = "true"


class IdNumberField(forms.CharField):
    """A 公民身份号码 (GB 11643-1999) checked while the form is cleaned, so that its error comes in the same round as
    every other field's; ``party`` (申请人, 被申请人 …) is named in the message: 被申请人的身份证号码校验位错误."""

    def __init__(self, *, party: str = "", **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 18)
        super().__init__(**kwargs)
        self.party = party

    def clean(self, value: Any) -> str:
        value = super().clean(value)
        if value:
            try:
                validate_id_number(value)
            except ValidationFailed as exc:
                raise forms.ValidationError(for_party(self.party, exc.message), code=exc.code) from None
        return str(value)


class PhoneField(forms.CharField):
    """A telephone number (mobile, landline with area code or a service number) checked while the form is cleaned;
    ``party`` is named in the message."""

    def __init__(self, *, party: str = "", **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)
        self.party = party

    def clean(self, value: Any) -> str:
        value = super().clean(value)
        if value:
            try:
                return validate_phone(value)
            except ValidationFailed as exc:
                raise forms.ValidationError(for_party(self.party, exc.message), code=exc.code) from None
        return str(value)


def dialog_response(request: HttpRequest, template: str, context: dict[str, Any], *, status: int = 200) -> HttpResponse:
    """Render a dialog; 422 tells htmx to swap the form with its errors back into the dialog."""
    return render(request, template, context, status=status)


def saved_response(message: str, *, redirect_to: str = "") -> HttpResponse:
    """Close the dialog, toast the message and refresh the list (or go to ``redirect_to``)."""
    response = HttpResponse(status=204)
    response["HX-Trigger"] = json.dumps({"toast": {"level": "success", "message": message}, "closeDialog": True})
    if redirect_to:
        response["HX-Redirect"] = redirect_to
    else:
        response["HX-Refresh"] = "true"
    return response


def client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR")


class StyledForm(forms.Form):
    """A form whose widgets carry the Bootstrap classes of the dialogs."""

    wide_fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            self.style_field(name, field)

    def service_check(self, cleaned: dict[str, Any]) -> None:
        """Run the service's own checks of this input without saving anything, raising a ``core.errors`` validation
        error (``ValidationErrors`` for several): their errors join the form's in the same round. None by default."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        try:
            self.service_check(cleaned)
        except ValidationFailed as exc:
            for error in exc.errors if isinstance(exc, ValidationErrors) else [exc]:
                # A field the form already found wrong shows the form's message; an error of no field of this form
                # waits for the save, which reports it above the form.
                if error.field in self.fields and error.field not in self.errors:
                    self.add_error(error.field, error.message)
        return cleaned

    def style_field(self, name: str, field: forms.Field) -> None:
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs.setdefault("class", css)
        if isinstance(field, forms.ModelChoiceField) and field.empty_label is not None:
            field.empty_label = PROMPT
        if isinstance(field, forms.DateField):
            widget.input_type = "date"  # type: ignore[attr-defined]
            widget.format = "%Y-%m-%d"  # type: ignore[attr-defined]
            field.error_messages["invalid"] = f"{field.label}格式不正确，请按 2026-01-31 的格式填写"
        if field.required and field.error_messages.get("required") == forms.Field.default_error_messages["required"]:
            verb = "请选择" if isinstance(widget, forms.Select | forms.SelectMultiple | forms.CheckboxSelectMultiple) else "请填写"
            field.error_messages["required"] = f"{verb}{field.label}"
        field.wide = name in self.wide_fields or isinstance(widget, forms.Textarea)  # type: ignore[attr-defined]


def handle_dialog(
    request: HttpRequest,
    *,
    form: forms.Form,
    title: str,
    save: Any,
    redirect_to: str | Callable[[], str],
    template: str = "core/dialog_form.html",
    extra: dict[str, Any] | None = None,
    follow: bool = False,
) -> HttpResponse:
    """GET shows the dialog; POST validates, calls ``save(cleaned_data)`` (a service call returning the
    success message) and closes the dialog, or shows the errors (422) with nothing saved. After saving, the page
    behind the dialog is refreshed (``follow``: the browser goes to ``redirect_to``, e.g. the record just made, whose
    address a function gives once ``save`` ran); without htmx the browser is sent to ``redirect_to``."""
    from django.contrib import messages
    from django.shortcuts import redirect

    status = 200
    refused = False
    if request.method == "POST":
        if form.is_valid():
            try:
                with transaction.atomic():  # the whole step or nothing: a party registered for a case that failed is undone
                    message = save(form.cleaned_data)
            except SifasuoError as exc:
                attach_error(form, exc)
                # A write the user has no right to (e.g. a bureau registering a party of an office's case) is a
                # refusal, 403 as in the API, not a validation error; the dialog still says why.
                refused = isinstance(exc, AccessDenied)
            else:
                where = redirect_to() if callable(redirect_to) else redirect_to
                if getattr(request, "htmx", False):
                    return saved_response(message, redirect_to=where if follow else "")
                messages.success(request, message)
                return redirect(where)
        status = 403 if refused else 422
        mark_invalid(form)
    context = {"form": form, "title": title, "action": request.get_full_path(), **(extra or {})}
    return render(request, template, context, status=status)


Text = str | Callable[[Any], str]  # a fixed text, one with ``{obj}`` fields (``"修改：{obj.name}"``), or a function of the record


def _text(value: Text, obj: Any) -> str:
    return value(obj) if callable(value) else value.format(obj=obj)


def record_dialog(
    model: Any = None,
    *,
    form: Callable[..., forms.Form],
    title: Text,
    save: Callable[[Any, Any, dict[str, Any]], Any],
    message: str | Callable[[Any], str] = "",
    perm: tuple[str, str] | None = None,
    action: str = "change",
    lookup: str = "uuid",
    form_kwargs: Callable[[Any, Any], dict[str, Any]] | None = None,
    redirect_to: Text = "",
    template: str = "core/dialog_form.html",
    intro: Text = "",
    extra: Callable[[Any, Any], dict[str, Any]] | None = None,
    sensitive: tuple[str, ...] = (),
    confirm: bool = False,
) -> Callable[..., HttpResponse]:
    """A dialog page declared in one call: the record named by the URL's ``lookup`` that the user may ``action``
    (404 outside the scope, 403 read-only; no ``model``: a dialog that creates), ``perm`` = (permission, what it
    allows in words) or 403, then ``handle_dialog``: the form (``form(data, files, **form_kwargs(request, obj))``),
    ``save(request, obj, cleaned_data)`` — the service call — and the toast ``message`` (text, or a function of what
    ``save`` returned; without one, ``save`` returns the message). ``sensitive`` names the POST fields kept out of
    error reports (an ID number); ``confirm`` marks a dialog with nothing to fill in (the button is the decision)."""
    from django.contrib.auth.decorators import login_required
    from django.views.decorators.debug import sensitive_post_parameters

    from core.access import access_object, require_perm

    def view(request: HttpRequest, **kwargs: Any) -> HttpResponse:
        obj: Any = access_object(request.user, model, action=action, **{lookup: kwargs[lookup]}) if model is not None else None
        if perm:
            require_perm(request.user, perm[0], what=perm[1])
        # A POST without fields leaves the form unbound (shown again, 422) unless the dialog has nothing to fill in.
        data = request.POST if request.method == "POST" and (request.POST or confirm) else None
        bound = form(data, request.FILES or None, **(form_kwargs(request, obj) if form_kwargs else {}))

        def run(cd: dict[str, Any]) -> str:
            result = save(request, obj, cd)
            if not message:
                return str(result)
            return message(result) if callable(message) else message

        where = _text(redirect_to, obj) if redirect_to else obj.get_absolute_url()
        return handle_dialog(request, form=bound, title=_text(title, obj), save=run, redirect_to=where, template=template,
                             extra={"intro": _text(intro, obj) if intro else "", **(extra(request, obj) if extra else {})})

    if sensitive:
        view = sensitive_post_parameters(*sensitive)(view)
    return login_required(view)
