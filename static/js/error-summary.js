/*
 * Moves the focus to a form's error summary (templates/includes/error_summary.html) when
 * the page opens, so that a screen reader reads it and the keyboard starts there; its links
 * lead to each field. Nothing inline (strict CSP). Without JavaScript the summary is still
 * the first thing in the form.
 */
(function () {
    "use strict";

    function focusSummary() {
        var summary = document.querySelector("[data-error-summary]");
        if (summary) {
            summary.focus();
        }
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", focusSummary);
    } else {
        focusSummary();
    }
    // A form posted to a fragment ("…#repondre") opens there: the browser focuses that
    // section (or nothing) after the load. Take the focus back to the summary unless the
    // person already moved it elsewhere.
    window.addEventListener("load", function () {
        window.setTimeout(function () {
            var summary = document.querySelector("[data-error-summary]");
            var active = document.activeElement;
            if (
                summary &&
                active !== summary &&
                (!active || active === document.body || active.contains(summary))
            ) {
                summary.focus();
            }
        }, 0);
    });
})();
