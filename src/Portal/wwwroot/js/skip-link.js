// The skip link moves the keyboard focus to the page's main content. Blazor's router would otherwise take the
// same-page link as a navigation and leave the focus where it was.
window.addEventListener("click", event => {
    const link = event.target instanceof Element ? event.target.closest("a.skip-link") : null;
    const main = document.getElementById("main-content");
    if (link && main) {
        event.preventDefault();
        event.stopPropagation();
        main.focus();
    }
}, true);
