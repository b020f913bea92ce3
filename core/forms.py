"""Glue between forms and services: a service error lands on its field and nothing is saved."""

from __future__ import annotations

import json
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
    redirect_to: str,
    template: str = "core/dialog_form.html",
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """GET shows the dialog; POST validates, calls ``save(cleaned_data)`` (a service call returning the
    success message) and closes the dialog, or shows the errors (422) with nothing saved."""
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
                if getattr(request, "htmx", False):
                    return saved_response(message)
                messages.success(request, message)
                return redirect(redirect_to)
        status = 422
    context = {"form": form, "title": title, "action": request.get_full_path(), **(extra or {})}
    return render(request, template, context, status=status)
