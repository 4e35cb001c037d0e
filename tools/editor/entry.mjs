// The parts of CodeMirror 6 the query editor uses, as one global (NQEditor) for
// server/static/query-editor.js. Built by build.sh into server/static/vendor/editor.js.
export { EditorState, Compartment, Prec } from "@codemirror/state";
export {
  EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter, drawSelection,
  placeholder
} from "@codemirror/view";
export {
  StreamLanguage, syntaxHighlighting, HighlightStyle, bracketMatching, indentOnInput
} from "@codemirror/language";
export { tags } from "@lezer/highlight";
export { sparql } from "@codemirror/legacy-modes/mode/sparql";
export {
  autocompletion, completionKeymap, closeBrackets, closeBracketsKeymap, startCompletion, completionStatus,
  currentCompletions
} from "@codemirror/autocomplete";
export { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
export { linter, lintGutter, setDiagnostics, lintKeymap, forEachDiagnostic } from "@codemirror/lint";
