"""Look up models of apps that may not define them yet.

The stories and network apps are built alongside home; the home page, the search and
the demo use their models when they exist and leave them out otherwise.
"""

from django.apps import apps


def optional_model(model_string):
    """Return the model named "app_label.ModelName", or None when it does not exist."""
    app_label, model_name = model_string.split(".")
    try:
        return apps.get_model(app_label, model_name)
    except LookupError:
        return None
