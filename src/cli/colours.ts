/**
 * Colour for terminal output, through Node's own `util.styleText` (no dependency): only when the stream
 * is a terminal, and never with NO_COLOR set (https://no-color.org) or TERM=dumb. Node 20's styleText
 * colours unconditionally, hence the check here.
 */
import { styleText } from "node:util";

export type Style = Parameters<typeof styleText>[0];
export type Paint = (style: Style, text: string) => string;

export function colourEnabled(stream: { readonly isTTY?: boolean }, env = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.TERM === "dumb") return false;
  return stream.isTTY === true;
}

/** A painter for one stream: styled text on a colour terminal, the text unchanged anywhere else. */
export function painterFor(stream: { readonly isTTY?: boolean }, env = process.env): Paint {
  return colourEnabled(stream, env) ? (style, text) => styleText(style, text) : (_style, text) => text;
}
