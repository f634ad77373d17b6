// The receipt markup editor's side of the toolbar. The server decides what a toolbar button inserts; the browser
// reports where the cursor is and puts it back afterwards.
//
// A button's change takes a round trip to the server. Keys typed meanwhile would go to the button (or be overwritten
// by the server's text), so from the click until the server puts the cursor back they are held here and then typed
// into the editor, where the cursor now is: click "QR code" and type an address, and the address replaces the sample.
// Toolbar buttons and menu entries name their editor in data-markup-op.

const pending = new Map(); // editor id -> { operations, keys: [{ text } | { command }], timer }
let watching = false; // the module is loaded once per page, whichever editor asks first
const giveUpAfterMs = 10_000; // the server never answered (a lost connection): type the held keys where the cursor is
// A menu's entry closes its menu, and the menu then hands the focus to its own button, which can happen after the
// server has put the cursor back: for a moment after that, the focus goes back to the editor.
let returned = null; // { editor, until }
const keepFocusForMs = 1_000;

export function selection(id) {
    const editor = document.getElementById(id);
    return editor ? { text: editor.value, start: editor.selectionStart, end: editor.selectionEnd } : null;
}

export function select(id, start, end) {
    const editor = document.getElementById(id);
    if (editor) {
        editor.focus();
        editor.setSelectionRange(start, end);
        returned = { editor, until: performance.now() + keepFocusForMs };
    }

    const hold = pending.get(id);
    if (hold && --hold.operations <= 0) {
        release(id);
    }
}

export function watch() {
    if (!watching) {
        watching = true;
        // Capture phase: the hold starts before the click reaches Blazor, and keys are held before the button sees them.
        document.addEventListener("click", startHold, true);
        document.addEventListener("keydown", holdKey, true);
        document.addEventListener("focusin", keepEditorFocus, true);
        // What the person does next decides where the focus goes.
        document.addEventListener("pointerdown", () => returned = null, true);
        document.addEventListener("keydown", event => { if (event.key === "Tab" || event.key === "Escape") returned = null; }, true);
    }
}

function keepEditorFocus(event) {
    if (!returned || performance.now() > returned.until || event.target === returned.editor) {
        return;
    }

    if (event.target instanceof Element && event.target.closest(".mud-menu")) {
        // A textarea keeps its selection while it is not focused, so the cursor is where the server put it.
        const editor = returned.editor;
        returned = null;
        editor.focus();
    }
}

function startHold(event) {
    const button = event.target instanceof Element ? event.target.closest("[data-markup-op]") : null;
    const id = button?.getAttribute("data-markup-op");
    if (!id || button.disabled || button.getAttribute("aria-disabled") === "true") {
        return;
    }

    const hold = pending.get(id) ?? { operations: 0, keys: [], timer: 0 };
    hold.operations++;
    clearTimeout(hold.timer);
    hold.timer = setTimeout(() => release(id), giveUpAfterMs);
    pending.set(id, hold);
}

function holdKey(event) {
    if (pending.size === 0 || event.isComposing || event.ctrlKey || event.metaKey || event.altKey) {
        return;
    }

    const key = event.key === "Enter" ? { text: "\n" }
        : event.key === "Backspace" ? { command: "delete" }
        : event.key === "Delete" ? { command: "forwardDelete" }
        : event.key.length === 1 ? { text: event.key }
        : null;
    if (key) {
        // Keys belong to the editor whose button was clicked last.
        const hold = [...pending.values()].at(-1);
        hold.keys.push(key);
        event.preventDefault();
        event.stopPropagation();
    }
}

function release(id) {
    const hold = pending.get(id);
    pending.delete(id);
    clearTimeout(hold.timer);
    const editor = document.getElementById(id);
    if (!editor || hold.keys.length === 0) {
        return;
    }

    editor.focus();
    // Runs of text go in as one edit (one input event, one undo step), as a paste would.
    let text = "";
    const flush = () => {
        if (text) {
            type(editor, "insertText", text);
            text = "";
        }
    };
    for (const key of hold.keys) {
        if (key.text) {
            text += key.text;
        } else {
            flush();
            type(editor, key.command);
        }
    }
    flush();
}

// execCommand keeps the browser's undo history and fires the input event Blazor listens to; where it is not
// supported, the text is set directly and the event raised by hand.
function type(editor, command, text) {
    if (document.execCommand(command, false, text)) {
        return;
    }

    const start = editor.selectionStart;
    const end = editor.selectionEnd;
    if (command === "insertText") {
        editor.setRangeText(text, start, end, "end");
    } else if (start !== end) {
        editor.setRangeText("", start, end, "end");
    } else if (command === "delete" && start > 0) {
        editor.setRangeText("", start - 1, start, "end");
    } else if (command === "forwardDelete") {
        editor.setRangeText("", start, Math.min(start + 1, editor.value.length), "end");
    }
    editor.dispatchEvent(new Event("input", { bubbles: true }));
}
