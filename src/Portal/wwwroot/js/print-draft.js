// Keeps the print form's unsent receipt in this tab's session storage, so a reload (the language and theme switches
// are reloads), an accidental refresh or a visit elsewhere does not lose it. The text area is read here, in the
// browser, so the server sends nothing for it; changes the server makes (templates, toolbar) are picked up within a
// second. Session storage ends with the tab, and each person and company has a key of its own.

const kept = new Map(); // key -> { editorId, printed, timer, save }

export function restore(key) {
    return sessionStorage.getItem(key);
}

export function keep(key, editorId) {
    // A new editor for the same form (after the picture tab) still knows what was printed.
    const printed = kept.get(key)?.printed ?? null;
    stop(key);
    const state = { editorId, printed, timer: 0, save: null };
    state.save = () => {
        const editor = document.getElementById(editorId);
        if (!editor) {
            stop(key); // the form is gone
            return;
        }

        const text = editor.value;
        if (text.trim() === "" || text === state.printed) {
            sessionStorage.removeItem(key);
        } else {
            sessionStorage.setItem(key, text);
        }
    };
    state.timer = setInterval(state.save, 1000);
    document.getElementById(editorId)?.addEventListener("input", state.save);
    window.addEventListener("pagehide", state.save);
    kept.set(key, state);
}

// The receipt as it stands went to the printer: it is no longer a draft (until it is changed again).
export function printed(key) {
    const state = kept.get(key);
    if (state) {
        state.printed = document.getElementById(state.editorId)?.value ?? null;
    }
    sessionStorage.removeItem(key);
}

export function discard(key) {
    sessionStorage.removeItem(key);
}

function stop(key) {
    const state = kept.get(key);
    if (state) {
        clearInterval(state.timer);
        document.getElementById(state.editorId)?.removeEventListener("input", state.save);
        window.removeEventListener("pagehide", state.save);
        kept.delete(key);
    }
}
