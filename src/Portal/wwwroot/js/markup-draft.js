// Keeps what is written in a markup editor and not yet printed or saved (a draft) in this tab's session storage, so a
// reload (the language and theme switches are reloads), an accidental refresh or a visit elsewhere does not lose it.
// The text area is read here, in the browser, so the server sends nothing for it; changes the server makes
// (templates, toolbar) are picked up within a second. Session storage ends with the tab; each person, company and
// form has a key of its own.

const kept = new Map(); // key -> { editorId, settled, timer, save }

// The draft, unless the editor already holds text: a person who starts typing before the page has asked keeps what
// they typed.
export function restore(key, editorId) {
    const editor = document.getElementById(editorId);
    return editor && editor.value.trim() !== "" ? null : sessionStorage.getItem(key);
}

// settled: the text that is not a draft (a saved template's content), or null. The editor may come and go (the print
// form's picture tab removes it); the form's component stops the keeping when it goes itself.
export function keep(key, editorId, settled) {
    stop(key);
    const state = { editorId, settled: settled ?? null, timer: 0, save: null, listening: null };
    state.save = () => {
        const editor = document.getElementById(editorId);
        if (!editor) {
            return;
        }

        if (editor !== state.listening) {
            state.listening?.removeEventListener("input", state.save);
            editor.addEventListener("input", state.save);
            state.listening = editor;
        }

        const text = editor.value;
        if (text.trim() === "" || text === state.settled) {
            sessionStorage.removeItem(key);
        } else {
            sessionStorage.setItem(key, text);
        }
    };
    state.timer = setInterval(state.save, 1000);
    window.addEventListener("pagehide", state.save);
    kept.set(key, state);
}

// The text as it stands was printed or saved: it is no longer a draft (until it changes again).
export function settled(key) {
    const state = kept.get(key);
    if (state) {
        state.settled = document.getElementById(state.editorId)?.value ?? null;
    }
    sessionStorage.removeItem(key);
}

export function discard(key) {
    sessionStorage.removeItem(key);
}

export function stop(key) {
    const state = kept.get(key);
    if (state) {
        clearInterval(state.timer);
        state.listening?.removeEventListener("input", state.save);
        window.removeEventListener("pagehide", state.save);
        kept.delete(key);
    }
}
