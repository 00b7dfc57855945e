import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

application = get_wsgi_application()

# Everything loaded so far (Django, Wagtail, the project's modules, the URL patterns) lives
# as long as the process: moved out of the garbage collector's reach, so that its full
# collections stop walking it again and again (a pause of ~100 ms every few dozen member
# pages on a 2-core machine, which showed in the slowest requests).
gc.freeze()
