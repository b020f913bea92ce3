"""Glue between forms and services: a service error lands on its field and nothing is saved."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from core.errors import SifasuoError


def attach_error(form: forms.Form, exc: SifasuoError) -> None:
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, exc.message)


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

    def style_field(self, name: str, field: forms.Field) -> None:
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs.setdefault("class", css)
        if isinstance(field, forms.DateField):
            widget.input_type = "date"  # type: ignore[attr-defined]
            widget.format = "%Y-%m-%d"  # type: ignore[attr-defined]
            field.error_messages["invalid"] = f"{field.label}格式不正确，请按 2026-01-31 的格式填写"
        if field.required and field.error_messages.get("required") == forms.Field.default_error_messages["required"]:
            field.error_messages["required"] = f"请填写{field.label}"
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
    if request.method == "POST":
        if form.is_valid():
            try:
                message = save(form.cleaned_data)
            except SifasuoError as exc:
                attach_error(form, exc)
            else:
                where = redirect_to() if callable(redirect_to) else redirect_to
                if getattr(request, "htmx", False):
                    return saved_response(message, redirect_to=where if follow else "")
                messages.success(request, message)
                return redirect(where)
        status = 422
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
