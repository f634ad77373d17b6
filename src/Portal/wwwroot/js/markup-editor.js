// The receipt markup editor's toolbar: the server decides what to insert, the browser reports the text and selection
// and applies the server's change to the text area as it is by then, so keys typed meanwhile are kept.

export function selection(id) {
    const editor = document.getElementById(id);
    return editor ? { text: editor.value, start: editor.selectionStart, end: editor.selectionEnd } : null;
}

// Replaces edit.start..edit.end of `snapshot` (the text selection() reported) with edit.replacement in the live text.
// Text typed since the snapshot stays: an edit after the typing is shifted by it, one before it stays put, and one
// into a range the typing changed goes in at the caret. The edit's selection is applied only when nothing was typed;
// otherwise the caret stays with the typing, so the next keys do not overwrite the inserted sample.
export function splice(id, snapshot, edit) {
    const editor = document.getElementById(id);
    if (!editor) {
        return;
    }

    const live = editor.value;
    let start = edit.start;
    let length = edit.end - edit.start;
    let [selectionStart, selectionEnd] = [edit.selectionStart, edit.selectionEnd];
    if (live !== snapshot) {
        const typed = changedRange(snapshot, live);
        if (typed.start < edit.end) {
            if (typed.end <= edit.start) {
                start += live.length - snapshot.length;
            } else {
                start = editor.selectionEnd;
                length = 0;
            }
        }
        const moved = offset => offset <= start ? offset
            : offset >= start + length ? offset + edit.replacement.length - length
            : start + edit.replacement.length;
        [selectionStart, selectionEnd] = [moved(editor.selectionStart), moved(editor.selectionEnd)];
    }

    editor.focus();
    if (length > 0 || edit.replacement.length > 0) {
        editor.setSelectionRange(start, start + length);
        // insertText keeps the change on the browser's undo stack and raises the input event Blazor listens to.
        if (!document.execCommand("insertText", false, edit.replacement)) {
            editor.setRangeText(edit.replacement);
            editor.dispatchEvent(new Event("input", { bubbles: true }));
        }
    }
    editor.setSelectionRange(selectionStart, selectionEnd);
}

// Where two texts differ: `before`'s start..end became something else.
function changedRange(before, after) {
    const shorter = Math.min(before.length, after.length);
    let start = 0;
    while (start < shorter && before[start] === after[start]) {
        start++;
    }
    let common = 0;
    while (common < shorter - start && before[before.length - 1 - common] === after[after.length - 1 - common]) {
        common++;
    }
    return { start, end: before.length - common };
}
