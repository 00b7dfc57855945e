"""Admin hooks of the public site."""

from wagtail import hooks

from home import figures


@hooks.register("after_publish_page")
@hooks.register("after_unpublish_page")
@hooks.register("after_delete_page")
def refresh_home_figures(request, page):
    # A story published or withdrawn by an editor shows in the figures at once, rather
    # than when the ten-minute cache runs out.
    figures.clear()
