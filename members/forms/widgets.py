"""Form widgets of the members area."""

from __future__ import annotations

from django import forms
from django.utils.safestring import SafeString


class RememberedSelect(forms.Select):
    """A ``Select`` whose HTML is remembered, keyed by everything it is made of.

    Django renders every ``<option>`` through a template: the directory's filters (about
    130 options, the départements most of them) took ~9 ms a page. The HTML depends only
    on the widget's class, name, value, attributes and choices (labels already in the
    active language), which are the key; choices read from the database are read once a
    render, as before, and are part of the key, so a renamed sector shows at once.
    """

    # Per process; a filter form has few distinct states (a value of each select).
    MAX_REMEMBERED = 512
    _remembered: dict[tuple, SafeString] = {}

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        # One pass over the choices: a ModelChoiceIterator queries on each pass (and list()
        # of it would COUNT first, for its length).
        self.choices = list(iter(self.choices))
        try:
            key = (
                type(self),
                name,
                tuple(self.format_value(value)),
                tuple(sorted(self.build_attrs(self.attrs, attrs).items())),
                self.is_required,
                _choices_key(self.choices),
            )
            html = self._remembered.get(key)
        except TypeError:  # an attribute that cannot be a key: render as usual
            return super().render(name, value, attrs, renderer)
        if html is None:
            html = super().render(name, value, attrs, renderer)
            if len(self._remembered) >= self.MAX_REMEMBERED:
                self._remembered.clear()
            self._remembered[key] = html
        return html


def _choices_key(choices) -> tuple:
    return tuple(
        (str(value), _choices_key(label) if isinstance(label, list | tuple) else str(label))
        for value, label in choices
    )
