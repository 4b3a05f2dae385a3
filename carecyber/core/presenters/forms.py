"""Turn Django form fields into the parameters of NHS.UK frontend components.

Templates call `form_field(form["name"])`; this module decides which component
renders it and carries over the value the person typed and any error.
"""

from __future__ import annotations

from typing import Any

from django import forms


def _label(bf: forms.BoundField, *, is_page_heading: bool, size: str | None) -> dict[str, Any]:
    label: dict[str, Any] = {"text": str(bf.label)}
    if is_page_heading:
        label.update(isPageHeading=True, size=size or "l")
    elif size:
        label["size"] = size
    return label


def _error(bf: forms.BoundField) -> dict[str, Any] | None:
    return {"text": " ".join(str(e) for e in bf.errors)} if bf.errors else None


def _choices(bf: forms.BoundField, selected: set[str]) -> list[dict[str, Any]]:
    items = []
    for value, text in bf.field.choices:  # type: ignore[attr-defined]  # only choice fields reach here
        key = "" if value is None else str(value)
        items.append({"value": key, "text": str(text), "checked": key in selected, "selected": key in selected})
    return items


def field_params(bf: forms.BoundField, **overrides: Any) -> dict[str, Any]:
    """The component name and its parameters for one bound field."""
    widget = bf.field.widget
    is_page_heading = bool(overrides.pop("is_page_heading", False))
    size = overrides.pop("size", None)
    hint = str(bf.help_text) if bf.help_text else None
    common: dict[str, Any] = {
        "id": bf.html_name,
        "name": bf.html_name,
        "hint": {"text": hint} if hint else None,
        "errorMessage": _error(bf),
    }
    attributes = {k: v for k, v in widget.attrs.items() if k in {"inputmode", "maxlength", "accept"}}
    if bf.field.required and not isinstance(widget, (forms.CheckboxInput, forms.CheckboxSelectMultiple)):
        attributes["required"] = True
    value = bf.value()
    legend = {
        "text": str(bf.label),
        "isPageHeading": is_page_heading,
        "size": size or ("l" if is_page_heading else "s"),
    }

    if isinstance(widget, forms.RadioSelect):
        params = {
            **common,
            "fieldset": {"legend": legend},
            "items": _choices(bf, {str(value)} if value not in (None, "") else set()),
        }
        params["idPrefix"] = params.pop("id")
        component = "radios"
    elif isinstance(widget, forms.CheckboxSelectMultiple):
        selected = {str(v) for v in (value or [])}
        params = {**common, "fieldset": {"legend": legend}, "items": _choices(bf, selected)}
        params["idPrefix"] = params.pop("id")
        component = "checkboxes"
    elif isinstance(widget, forms.CheckboxInput):
        params = {
            **common,
            "items": [{"value": "on", "text": str(bf.label), "checked": bool(value), "id": bf.html_name}],
        }
        params["idPrefix"] = params.pop("id")
        component = "checkboxes"
    elif isinstance(widget, forms.Select):
        selected = {"" if value is None else str(value)}
        params = {
            **common,
            "label": _label(bf, is_page_heading=is_page_heading, size=size),
            "items": _choices(bf, selected),
            "attributes": attributes,
        }
        component = "select"
    elif isinstance(widget, forms.Textarea):
        params = {
            **common,
            "label": _label(bf, is_page_heading=is_page_heading, size=size),
            "value": "" if value is None else str(value),
            "rows": widget.attrs.get("rows", 5),
            "attributes": attributes,
        }
        component = "textarea"
    elif isinstance(widget, forms.FileInput):
        params = {**common, "label": _label(bf, is_page_heading=is_page_heading, size=size), "attributes": attributes}
        component = "fileUpload"
    else:
        input_type = getattr(widget, "input_type", "text")
        shown = "" if value is None or input_type == "password" else str(value)
        params = {
            **common,
            "label": _label(bf, is_page_heading=is_page_heading, size=size),
            "type": input_type,
            "value": shown,
            "attributes": attributes,
            "autocomplete": widget.attrs.get("autocomplete"),
            "spellcheck": False if input_type in {"email", "password"} else None,
        }
        if widget.attrs.get("class"):
            params["classes"] = widget.attrs["class"]
        component = "input"
    params.update(overrides)
    return {"component": component, "params": params}


def error_summary_params(form: forms.BaseForm) -> dict[str, Any] | None:
    """An error summary linking to each field with a problem, or None when there is none."""
    if not form.errors:
        return None
    items: list[dict[str, Any]] = [{"text": str(e)} for e in form.non_field_errors()]
    for name in form.fields:
        bf = form[name]
        for error in bf.errors:
            items.append({"text": str(error), "href": f"#{bf.html_name}"})
    return {"titleText": "There is a problem", "errorList": items}
