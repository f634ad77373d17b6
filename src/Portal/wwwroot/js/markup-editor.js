// The receipt markup editor's selection, for the toolbar: the server decides what to insert, the browser only
// reports where the cursor is and puts it back afterwards.

export function selection(id) {
    const editor = document.getElementById(id);
    return editor ? { text: editor.value, start: editor.selectionStart, end: editor.selectionEnd } : null;
}

export function select(id, start, end) {
    const editor = document.getElementById(id);
    if (editor) {
        editor.focus();
        editor.setSelectionRange(start, end);
    }
}
