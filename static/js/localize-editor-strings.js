// wagtail-localize's translation editor (its React bundle) writes two strings without
// gettext: the heading "Français to English translation" and the screen-reader label "More
// actions" of its action menu. Its template (extended in
// templates/wagtail_localize/admin/edit_translation.html) gives their French versions in
// data attributes; this puts them in place each time the editor draws itself. Nothing
// else of the editor is touched.
(function () {
    "use strict";
    const strings = document.getElementById("localize-editor-strings");
    const editor = document.querySelector(".js-translation-editor");
    if (!strings || !editor) {
        return;
    }
    const heading = / to .+ translation$/;
    const translate = function () {
        editor.querySelectorAll("section > div > h3").forEach(function (title) {
            if (heading.test(title.textContent)) {
                title.textContent = strings.dataset.heading;
            }
        });
        document.querySelectorAll(".w-sr-only").forEach(function (label) {
            if (label.textContent === "More actions") {
                label.textContent = strings.dataset.moreActions;
            }
        });
    };
    new MutationObserver(translate).observe(document.body, { childList: true, subtree: true });
    translate();
})();
