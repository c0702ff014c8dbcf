// What the CLI writes to a terminal comes partly from files nobody here controls (a report's
// title, quoted cell text, file names). Raw control characters in it could move the cursor,
// recolour or retitle the terminal, or hide text (ESC sequences, bidi overrides), so every
// line passes through here before it is written. Only newline and tab stay as they are.

// C0 controls except \t and \n, DEL, C1 controls, and the Unicode bidi overrides/isolates
// that reorder what a reader sees.
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Text for human eyes: each unsafe character is shown as a visible placeholder. */
export function terminalSafe(s: string): string {
  return s.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    // U+2400.. "control pictures" show a C0 control as a small readable symbol (␛ for ESC).
    if (code < 0x20) return String.fromCharCode(0x2400 + code);
    if (code === 0x7f) return '\u2421';
    return '\ufffd';
  });
}

/**
 * JSON for a terminal or a pipe: JSON.stringify already escapes C0 controls; the others are
 * written as \uXXXX escapes, which any JSON reader decodes to the same string. They can only
 * occur inside string literals (JSON's own syntax is ASCII), so this never changes the value.
 */
export function jsonSafe(json: string): string {
  return json.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * A reader that quit early (`nianbao check … | head`) closes the pipe: writing then fails with
 * EPIPE, which Node raises as an unhandled 'error' event with a stack. That is a normal end,
 * not a failure: stop quietly with the exit code reached so far.
 */
export function quietOnClosedPipe(stream: NodeJS.WriteStream, exit: (code: number) => void): void {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    else throw e;
  });
}
