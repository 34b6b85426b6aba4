/**
 * Colour for terminal output, without a dependency: only when the stream is a terminal, and never with
 * NO_COLOR set (https://no-color.org) or TERM=dumb. The codes come from Node's own table
 * (`util.inspect.colors`); `util.styleText` is not used because whether it checks the stream itself
 * differs between Node 20 releases, and this decision must be ours alone.
 */
import { inspect } from "node:util";

export type Style = "bold" | "dim" | "red" | "green" | "yellow" | "cyan";
export type Paint = (style: Style | readonly Style[], text: string) => string;

export function colourEnabled(stream: { readonly isTTY?: boolean }, env = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.TERM === "dumb") return false;
  return stream.isTTY === true;
}

/** A painter for one stream: styled text on a colour terminal, the text unchanged anywhere else. */
export function painterFor(stream: { readonly isTTY?: boolean }, env = process.env): Paint {
  return colourEnabled(stream, env) ? paint : (_style, text) => text;
}

const paint: Paint = (style, text) => {
  const styles = typeof style === "string" ? [style] : style;
  return styles.reduceRight((inner, name) => {
    const [open, close] = inspect.colors[name] ?? [];
    return open === undefined ? inner : `\x1b[${open}m${inner}\x1b[${close}m`;
  }, text);
};
